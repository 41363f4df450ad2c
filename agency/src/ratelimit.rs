//! Per-client token bucket: each client address gets a bucket of `N`
//! tokens refilled at `N` per minute; a submission takes one token.
//! IPv6 clients are keyed by their /64 (one subscriber's usual allocation).
//!
//! The table of buckets has a fixed size ([`DEFAULT_TABLE_SIZE`]). When it is
//! full and a new address arrives, the buckets that have refilled completely
//! are dropped first (forgetting them changes nothing: a new bucket starts
//! full); if that frees less than an eighth of the table, the least recently
//! used eighth is dropped as well. The memory is thus bounded whatever the
//! number of addresses, at the price that an attacker with very many
//! addresses can make the limiter forget the oldest ones.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets kept at most (about 64 bytes each: 4 MiB).
pub const DEFAULT_TABLE_SIZE: usize = 65_536;

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
    table_size: usize,
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
    /// `per_min` submissions per minute, with a burst of as many, and a table
    /// of [`DEFAULT_TABLE_SIZE`] addresses.
    pub fn new(per_min: u32) -> Self {
        Self::with_table_size(per_min, DEFAULT_TABLE_SIZE)
    }

    /// [`RateLimiter::new`] with a table of `table_size` addresses (at least 8).
    pub fn with_table_size(per_min: u32, table_size: usize) -> Self {
        let capacity = f64::from(per_min.max(1));
        let table_size = table_size.max(8);
        RateLimiter {
            capacity,
            per_sec: capacity / 60.0,
            table_size,
            buckets: Mutex::new(HashMap::with_capacity(table_size)),
        }
    }

    /// Takes a token for `ip`, or tells how long until one is available.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }

    /// Number of addresses in the table.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Bucket>> {
        self.buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// [`RateLimiter::check`] at a given instant (for tests).
    pub fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let k = key(ip);
        let mut buckets = self.lock();
        if buckets.len() >= self.table_size && !buckets.contains_key(&k) {
            self.evict(&mut buckets, now);
        }
        let bucket = buckets.entry(k).or_insert(Bucket {
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

    /// Makes room: full buckets first, then the least recently used eighth.
    /// Runs once per `table_size / 8` new addresses at most, in O(table).
    fn evict(&self, buckets: &mut HashMap<IpAddr, Bucket>, now: Instant) {
        let (capacity, per_sec) = (self.capacity, self.per_sec);
        buckets.retain(|_, b| {
            b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * per_sec < capacity
        });
        let target = self.table_size - self.table_size / 8;
        if buckets.len() <= target {
            return;
        }
        let mut lasts: Vec<Instant> = buckets.values().map(|b| b.last).collect();
        let drop = buckets.len() - target;
        let (_, cutoff, _) = lasts.select_nth_unstable(drop - 1);
        let cutoff = *cutoff;
        let mut dropped = 0;
        buckets.retain(|_, b| {
            if dropped < drop && b.last <= cutoff {
                dropped += 1;
                false
            } else {
                true
            }
        });
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
    fn table_stays_bounded_under_many_addresses() {
        let limiter = RateLimiter::with_table_size(2, 4096);
        let t0 = Instant::now();
        let victim: IpAddr = "198.51.100.7".parse().unwrap();
        assert!(limiter.check_at(victim, t0).is_ok());
        assert!(limiter.check_at(victim, t0).is_ok());
        assert!(limiter.check_at(victim, t0).is_err());
        let mut max = 0;
        for i in 0..100_000u32 {
            let now = t0 + Duration::from_micros(u64::from(i));
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + i));
            assert!(
                limiter.check_at(ip, now).is_ok(),
                "a new address has tokens"
            );
            // The victim keeps using the service, so stays recently used.
            if i % 1000 == 0 {
                assert!(limiter.check_at(victim, now).is_err(), "{i}");
            }
            max = max.max(limiter.len());
        }
        assert!(max <= 4096, "{max}");
        assert!(limiter.len() >= 4096 - 4096 / 8 - 1);
        // IPv6 addresses too (each /64 a new key).
        for i in 0..100_000u64 {
            let ip = IpAddr::V6(std::net::Ipv6Addr::from(
                (0x2001_0db8_u128 << 96) | (u128::from(i) << 64),
            ));
            let _ = limiter.check_at(ip, t0 + Duration::from_secs(1));
            assert!(limiter.len() <= 4096);
        }
    }

    #[test]
    fn default_table_is_bounded_too() {
        let limiter = RateLimiter::new(600);
        let t0 = Instant::now();
        for i in 0..100_000u32 {
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(0xc000_0000 + i));
            let _ = limiter.check_at(ip, t0 + Duration::from_micros(u64::from(i)));
        }
        assert!(limiter.len() <= DEFAULT_TABLE_SIZE, "{}", limiter.len());
    }

    #[test]
    fn rates_parse() {
        assert_eq!(parse_rate("60/min").unwrap(), 60);
        assert_eq!(parse_rate("0").unwrap(), 0);
        assert!(parse_rate("fast").is_err());
    }
}
