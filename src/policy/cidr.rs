//! CIDR matching for `IpAddress` / `NotIpAddress`, IPv4 and IPv6.

use std::net::IpAddr;

/// Whether `ip` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a bare address = one host).
/// Anything unparsable, or a family mismatch, does not match.
pub(crate) fn contains(cidr: &str, ip: &str) -> bool {
    let (net, len) = match cidr.split_once('/') {
        Some((net, len)) => (net, Some(len)),
        None => (cidr, None),
    };
    let (Ok(net), Ok(ip)) = (net.trim().parse::<IpAddr>(), ip.trim().parse::<IpAddr>()) else {
        return false;
    };
    let (net, ip, bits) = match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => (u128::from(n.to_bits()), u128::from(i.to_bits()), 32),
        (IpAddr::V6(n), IpAddr::V6(i)) => (n.to_bits(), i.to_bits(), 128),
        _ => return false,
    };
    let len = match len.map(|l| l.trim().parse::<u32>()) {
        None => bits,
        Some(Ok(l)) if l <= bits => l,
        Some(_) => return false,
    };
    let mask = if len == 0 {
        0
    } else {
        (u128::MAX << (bits - len)) & (u128::MAX >> (128 - bits))
    };
    net & mask == ip & mask
}

#[cfg(test)]
mod tests {
    use super::contains;

    #[test]
    fn ipv4() {
        assert!(contains("10.0.0.0/8", "10.1.2.3"));
        assert!(!contains("10.0.0.0/8", "11.0.0.1"));
        assert!(contains("203.0.113.0/24", "203.0.113.255"));
        assert!(!contains("203.0.113.0/24", "203.0.114.0"));
        assert!(contains("192.168.1.7", "192.168.1.7"));
        assert!(!contains("192.168.1.7", "192.168.1.8"));
        assert!(contains("192.168.1.7/32", "192.168.1.7"));
        assert!(contains("0.0.0.0/0", "8.8.8.8"));
        assert!(contains("10.0.0.1/8", "10.200.0.1"));
    }

    #[test]
    fn ipv6() {
        assert!(contains("2001:db8::/32", "2001:db8:1234::1"));
        assert!(!contains("2001:db8::/32", "2001:db9::1"));
        assert!(contains(
            "2001:DB8:1234:5678::/64",
            "2001:db8:1234:5678:ffff::1"
        ));
        assert!(contains("::/0", "::1"));
        assert!(contains("::1", "::1"));
    }

    #[test]
    fn mismatches_and_garbage() {
        assert!(!contains("10.0.0.0/8", "::ffff:10.0.0.1"));
        assert!(!contains("2001:db8::/32", "10.0.0.1"));
        assert!(!contains("10.0.0.0/33", "10.0.0.1"));
        assert!(!contains("10.0.0.0/x", "10.0.0.1"));
        assert!(!contains("not-an-ip", "10.0.0.1"));
        assert!(!contains("10.0.0.0/8", "vpce-123"));
    }
}
