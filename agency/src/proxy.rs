//! The client address behind trusted reverse proxies.
//!
//! Without `--trusted-proxy` the client address is the TCP peer, and
//! `Forwarded` / `X-Forwarded-For` are ignored (anyone can send them). When
//! the peer is a trusted proxy, the address list of `Forwarded` (`for=`
//! parameters), or else of `X-Forwarded-For`, is read from right to left
//! (each proxy appends the address it received the request from) and the
//! first address that is not itself a trusted proxy is the client. When the
//! list runs out or an element cannot be read (`unknown`, an obfuscated
//! identifier, garbage), the last address known to be genuine is used: that
//! of the trusted proxy that added the element.

use axum::http::HeaderMap;
use std::net::IpAddr;

/// An address block, `ADDR/LEN` (or a single address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    len: u8,
}

impl Cidr {
    /// Parses `192.0.2.0/24`, `2001:db8::/32`, `10.0.0.1`.
    pub fn parse(s: &str) -> Result<Cidr, String> {
        let bad = || format!("{s:?} is not an address or ADDR/PREFIX-LENGTH");
        let (addr, len) = match s.split_once('/') {
            Some((a, l)) => (
                a.trim().parse::<IpAddr>().map_err(|_| bad())?,
                Some(l.trim().parse::<u8>().map_err(|_| bad())?),
            ),
            None => (s.trim().parse::<IpAddr>().map_err(|_| bad())?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let len = len.unwrap_or(max);
        if len > max {
            return Err(bad());
        }
        Ok(Cidr { addr, len })
    }

    /// Whether `ip` is in the block (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.len)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.len))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The trusted proxies.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    blocks: Vec<Cidr>,
}

impl TrustedProxies {
    /// From `--trusted-proxy` values.
    pub fn parse(values: &[String]) -> Result<TrustedProxies, String> {
        let blocks = values
            .iter()
            .map(|v| Cidr::parse(v).map_err(|e| format!("--trusted-proxy: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(TrustedProxies { blocks })
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.blocks.iter().any(|b| b.contains(ip))
    }

    /// The client address of a request that came from `peer` with `headers`.
    pub fn client_addr(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        let forwarded: Vec<&str> = headers
            .get_all("forwarded")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let chain: Vec<Option<IpAddr>> = if forwarded.is_empty() {
            headers
                .get_all("x-forwarded-for")
                .iter()
                .map(|v| v.to_str().ok())
                .flat_map(|v| {
                    let items: Vec<Option<IpAddr>> = match v {
                        Some(v) => v.split(',').map(|e| parse_node(e.trim())).collect(),
                        None => vec![None],
                    };
                    items
                })
                .collect()
        } else {
            forwarded
                .iter()
                .flat_map(|v| v.split(','))
                .map(forwarded_for)
                .collect()
        };
        let mut client = canonical(peer);
        for hop in chain.iter().rev() {
            match hop {
                Some(ip) => {
                    client = canonical(*ip);
                    if !self.trusts(client) {
                        break;
                    }
                }
                None => break,
            }
        }
        client
    }
}

/// The `for=` of one `Forwarded` element (`for=192.0.2.1;proto=https`).
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| parse_node(value.trim().trim_matches('"')))
            .flatten()
    })
}

/// A node: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        let (inside, _) = rest.split_once(']')?;
        return inside.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6);
    }
    let (host, port) = node.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.append(*n, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cidr_blocks() {
        let b = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(b.contains(ip("10.1.200.3")));
        assert!(!b.contains(ip("10.2.0.1")));
        assert!(b.contains(ip("::ffff:10.1.0.9")));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("203.0.113.1"))
        );
        assert!(
            !Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("2001:db8::1"))
        );
        let single = Cidr::parse("127.0.0.1").unwrap();
        assert!(single.contains(ip("127.0.0.1")) && !single.contains(ip("127.0.0.2")));
        let v6 = Cidr::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")) && !v6.contains(ip("2001:db9::1")));
        for bad in ["10.0.0.0/33", "::/129", "proxy", "10.0.0.0/x", ""] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn untrusted_peers_cannot_choose_their_address() {
        let none = TrustedProxies::default();
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            ("forwarded", "for=198.51.100.2"),
        ]);
        assert_eq!(none.client_addr(ip("203.0.113.9"), &h), ip("203.0.113.9"));
        let some = TrustedProxies::parse(&["10.0.0.0/8".into()]).unwrap();
        assert_eq!(some.client_addr(ip("203.0.113.9"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn right_most_untrusted_address_is_the_client() {
        let t = TrustedProxies::parse(&["10.0.0.0/8".into(), "2001:db8:1::/48".into()]).unwrap();
        let peer = ip("10.0.0.1");
        // The client forged the first entry; the trusted proxy appended the real one.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.2")]);
        assert_eq!(t.client_addr(peer, &h), ip("198.51.100.7"));
        // Several header lines are one list.
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.8"),
        ]);
        assert_eq!(t.client_addr(peer, &h), ip("198.51.100.8"));
        // Forwarded wins over X-Forwarded-For; quoted IPv6 with port.
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            (
                "forwarded",
                "for=1.2.3.4, for=\"[2001:db8:2::5]:4711\";proto=https, For=10.9.9.9",
            ),
        ]);
        assert_eq!(t.client_addr(peer, &h), ip("2001:db8:2::5"));
        // Unreadable element: the proxy that added it is the client as far as we know.
        let h = headers(&[("x-forwarded-for", "198.51.100.1, unknown, 10.0.0.3")]);
        assert_eq!(t.client_addr(peer, &h), ip("10.0.0.3"));
        let h = headers(&[("forwarded", "for=_hidden")]);
        assert_eq!(t.client_addr(peer, &h), peer);
        // No header: the proxy itself.
        assert_eq!(t.client_addr(peer, &HeaderMap::new()), peer);
        // Everything trusted: the left-most.
        let h = headers(&[("x-forwarded-for", "10.1.1.1, 10.2.2.2")]);
        assert_eq!(t.client_addr(peer, &h), ip("10.1.1.1"));
        // Port on IPv4.
        let h = headers(&[("x-forwarded-for", "198.51.100.9:5555")]);
        assert_eq!(t.client_addr(peer, &h), ip("198.51.100.9"));
    }
}
