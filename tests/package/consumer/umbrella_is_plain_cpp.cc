// The umbrella header is plain C++: it pulls in neither protobuf's generated
// code nor Boost (passerelle/proto.h is the only door to protobuf).
#include <passerelle/passerelle.h>

#if defined(GOOGLE_PROTOBUF_VERSION) || defined(PROTOBUF_VERSION)
#error "passerelle/passerelle.h includes protobuf"
#endif
#if defined(BOOST_VERSION) || defined(BOOST_CONFIG_HPP)
#error "passerelle/passerelle.h includes Boost"
#endif

int UmbrellaIsPlainCpp() { return passerelle::ExecutionOptions{}.threads; }
