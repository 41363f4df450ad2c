//! Receipt references: 10 characters of Crockford base32 (50 random bits),
//! easy to read aloud and to type (no I, L, O, U).

/// Crockford's base32 alphabet.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Length of a reference.
pub const LEN: usize = 10;

/// A new random reference.
pub fn new_reference() -> Result<String, String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(encode(u64::from_le_bytes(bytes)))
}

/// The low 50 bits of `v` as a reference.
pub fn encode(v: u64) -> String {
    (0..LEN)
        .rev()
        .map(|i| char::from(ALPHABET[usize::try_from((v >> (5 * i)) & 31).unwrap_or(0)]))
        .collect()
}

/// Whether `s` looks like a reference.
pub fn is_reference(s: &str) -> bool {
    s.len() == LEN && s.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fifty_bits() {
        assert_eq!(encode(0), "0000000000");
        assert_eq!(encode(31), "000000000Z");
        assert_eq!(encode((1 << 50) - 1), "ZZZZZZZZZZ");
        assert_eq!(encode(1 << 50), "0000000000");
        let r = new_reference().unwrap();
        assert!(is_reference(&r), "{r}");
        assert_ne!(new_reference().unwrap(), r);
    }
}
