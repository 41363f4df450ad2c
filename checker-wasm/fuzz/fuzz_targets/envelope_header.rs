//! `envelope::parse_header` (what the intake reads before any key is used) on
//! arbitrary bytes: never panics; a header it accepts lies inside the input,
//! has version 1, a valid meta, and its `enc` fits in what follows.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(header) = envelope::parse_header(data) else {
        return;
    };
    assert_eq!(header.version, envelope::VERSION);
    assert!(header.header_len <= data.len());
    assert!(header.header_len + header.enc_len <= data.len());
    assert!(header.meta.validate().is_ok());
    // The reference every such submission gets is well formed.
    assert!(envelope::is_reference(&envelope::reference_of(&header.meta.submission_id)));
});
