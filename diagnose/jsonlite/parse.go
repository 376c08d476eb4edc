package jsonlite

import "strconv"

// MaxDepth bounds the nesting of arrays and objects, so hostile input cannot
// exhaust the stack.
const MaxDepth = 512

// SyntaxError describes why input is not JSON and where (a byte offset).
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return "jsonlite: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Parse decodes one JSON text with a Scanner. Surrounding whitespace is
// allowed; anything else after the value is an error. On error the Value is
// the zero Value.
//
// The input is copied once: the Value's strings that need no decoding and
// its numbers' text share that copy.
func Parse(data []byte) (Value, error) {
	s := Scanner{data: data, src: string(data)}
	v := s.Value()
	if err := s.End(); err != nil {
		return Value{}, err
	}
	return v, nil
}
