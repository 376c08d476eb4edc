package lab

// HostRules is the Chromium --host-resolver-rules value that maps every
// *.test name to loopback, so app.test and api.test are distinct sites and
// app.shop.test / api.shop.test are same-site origins, all served by the lab
// (or any loopback server) on their ports. *.co.uk is mapped too: a public
// suffix of two labels, where app.shop.co.uk and other.co.uk are different
// sites that a guess from the last two labels would merge.
const HostRules = "MAP *.test 127.0.0.1,MAP *.co.uk 127.0.0.1"
