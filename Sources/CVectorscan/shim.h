// Debian's libvectorscan-dev installs the Hyperscan API under hs/.
#include <hs/hs.h>
