package main

import "github.com/authdoctor/authdoctor/diagnose"

// Placeholders until package diagnose exports Diagnose and Redact.
func engineDiagnose(s diagnose.Snapshot) diagnose.Report {
	return diagnose.Report{Version: diagnose.ReportVersion}
}

func engineRedact(s diagnose.Snapshot) diagnose.Snapshot { return s }
