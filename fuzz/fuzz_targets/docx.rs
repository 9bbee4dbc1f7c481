//! Fuzz target: the DOCX reader (`extract::docx::extract`: zip + quick-xml,
//! decompression cap) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

/// The production cap (`Limits::default().max_inflated`).
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    common::run(data, |d| {
        let _ = resume_parser::extract::docx::extract(d, MAX_INFLATED);
    });
});
