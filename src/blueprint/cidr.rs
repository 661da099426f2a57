//! A small IPv4 CIDR block type: strict parsing, containment and overlap.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// An IPv4 network in CIDR notation whose host bits are zero, e.g. `10.40.0.0/16`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ipv4Cidr {
    network: u32,
    prefix: u8,
}

impl Ipv4Cidr {
    /// The network address.
    pub fn network(self) -> Ipv4Addr {
        Ipv4Addr::from(self.network)
    }

    /// The prefix length, 0–32.
    pub fn prefix(self) -> u8 {
        self.prefix
    }

    fn mask(self) -> u32 {
        mask(self.prefix)
    }

    /// The number of addresses in the block (2^(32 - prefix)).
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(self, other: Ipv4Cidr) -> bool {
        other.prefix >= self.prefix && other.network & self.mask() == self.network
    }

    /// Whether the two blocks share at least one address.
    pub fn overlaps(self, other: Ipv4Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }
}

fn mask(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

impl FromStr for Ipv4Cidr {
    type Err = String;

    /// Parse `a.b.c.d/p`: four decimal octets (no leading zeros), a prefix 0–32, host bits zero.
    fn from_str(s: &str) -> Result<Self, String> {
        let Some((addr, prefix)) = s.split_once('/') else {
            return Err(format!(
                "{s:?} is not a CIDR block: expected an IPv4 address and a prefix length, like 10.0.0.0/16"
            ));
        };
        let addr: Ipv4Addr = addr.parse().map_err(|_| {
            format!("{s:?} is not a CIDR block: {addr:?} is not an IPv4 address like 10.0.0.0")
        })?;
        let prefix = match prefix.parse::<u8>() {
            Ok(p)
                if p <= 32
                    && prefix.bytes().all(|b| b.is_ascii_digit())
                    && (prefix == "0" || !prefix.starts_with('0')) =>
            {
                p
            }
            _ => {
                return Err(format!(
                    "{s:?} is not a CIDR block: the prefix length must be a number from 0 to 32"
                ));
            }
        };
        let bits = u32::from(addr);
        let network = bits & mask(prefix);
        if network != bits {
            return Err(format!(
                "{s} has host bits set: the network address of a /{prefix} is {}/{prefix}",
                Ipv4Addr::from(network)
            ));
        }
        Ok(Self { network, prefix })
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Ipv4Cidr {
        match s.parse() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn parses_valid_blocks() {
        assert_eq!(c("10.40.0.0/16").to_string(), "10.40.0.0/16");
        assert_eq!(c("0.0.0.0/0").prefix(), 0);
        assert_eq!(c("192.168.1.7/32").size(), 1);
        assert_eq!(c("10.0.0.0/28").size(), 16);
        assert_eq!(c("0.0.0.0/0").size(), 1 << 32);
    }

    #[test]
    fn rejects_malformed_blocks() {
        for s in [
            "",
            "10.0.0.0",
            "10.0.0/16",
            "10.0.0.256/24",
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "10.0.0.0/+8",
            "10.0.0.0/016",
            "010.0.0.0/8",
            " 10.0.0.0/8",
            "10.0.0.0/8 ",
            "::/0",
        ] {
            assert!(s.parse::<Ipv4Cidr>().is_err(), "{s:?}");
        }
    }

    #[test]
    fn host_bits_are_reported_with_the_network_address() {
        assert_eq!(
            "10.40.0.1/16".parse::<Ipv4Cidr>(),
            Err(
                "10.40.0.1/16 has host bits set: the network address of a /16 is 10.40.0.0/16"
                    .into()
            )
        );
    }

    #[test]
    fn containment_and_overlap() {
        let vpc = c("10.40.0.0/16");
        assert!(vpc.contains(c("10.40.16.0/20")));
        assert!(vpc.contains(vpc));
        assert!(!vpc.contains(c("10.41.0.0/20")));
        assert!(!c("10.40.0.0/20").contains(vpc));
        assert!(c("10.40.0.0/20").overlaps(vpc));
        assert!(!c("10.40.0.0/20").overlaps(c("10.40.16.0/20")));
        assert!(c("0.0.0.0/0").contains(c("255.255.255.255/32")));
    }
}
