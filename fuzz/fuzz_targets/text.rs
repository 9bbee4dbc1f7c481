//! Fuzz target: the text reader (`extract::text::extract`: UTF-8 / UTF-16 /
//! Windows-1252 decoding, line cleaning, field gaps) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::run(data, |d| {
        let _ = resume_parser::extract::text::extract(d);
    });
});
