//! Fuzz target: the PDF reader (`extract::pdf::extract`, our glyph regrouping
//! over pdf-extract and the lopdf repair path) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::run(data, |d| {
        let _ = resume_parser::extract::pdf::extract(d);
    });
});
