//! Per-client token bucket: each client address gets a bucket of `N`
//! tokens refilled at `N` per minute; a submission takes one token.
//! IPv6 clients are keyed by their /64 (one subscriber's usual allocation).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets kept before the full (idle) ones are swept.
const SWEEP_AT: usize = 65_536;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// A token-bucket limiter keyed by client address.
#[derive(Debug)]
pub struct RateLimiter {
    capacity: f64,
    per_sec: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

fn key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl RateLimiter {
    /// `per_min` submissions per minute, with a burst of as many.
    pub fn new(per_min: u32) -> Self {
        let capacity = f64::from(per_min.max(1));
        RateLimiter {
            capacity,
            per_sec: capacity / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `ip`, or tells how long until one is available.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }

    /// [`RateLimiter::check`] at a given instant (for tests).
    pub fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= SWEEP_AT {
            let (capacity, per_sec) = (self.capacity, self.per_sec);
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * per_sec < capacity
            });
        }
        let bucket = buckets.entry(key(ip)).or_insert(Bucket {
            tokens: self.capacity,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_sec).min(self.capacity);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                ((1.0 - bucket.tokens) / self.per_sec).ceil(),
            ))
        }
    }
}

/// Parses `N`, `N/min` or `N/m`.
pub fn parse_rate(s: &str) -> Result<u32, String> {
    let n = s
        .strip_suffix("/min")
        .or_else(|| s.strip_suffix("/m"))
        .unwrap_or(s);
    n.trim()
        .parse()
        .map_err(|_| format!("rate limit {s:?} is not N or N/min"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_and_refills() {
        let limiter = RateLimiter::new(3);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(ip, t0).is_ok());
        }
        let wait = limiter.check_at(ip, t0).unwrap_err();
        assert_eq!(wait, Duration::from_secs(20));
        assert!(limiter.check_at(other, t0).is_ok());
        assert!(limiter.check_at(ip, t0 + Duration::from_secs(21)).is_ok());
        assert!(limiter.check_at(ip, t0 + Duration::from_secs(21)).is_err());
    }

    #[test]
    fn ipv6_keyed_by_prefix() {
        let limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        assert!(limiter.check_at("2001:db8::1".parse().unwrap(), t0).is_ok());
        assert!(
            limiter
                .check_at("2001:db8::2".parse().unwrap(), t0)
                .is_err()
        );
        assert!(
            limiter
                .check_at("2001:db8:0:1::1".parse().unwrap(), t0)
                .is_ok()
        );
    }

    #[test]
    fn rates_parse() {
        assert_eq!(parse_rate("60/min").unwrap(), 60);
        assert_eq!(parse_rate("0").unwrap(), 0);
        assert!(parse_rate("fast").is_err());
    }
}
