//! Fuzz target: the whole public entry point, `Pipeline::parse` (sniff →
//! guarded extraction → layout → segment → entities → normalize → score).
//! The extraction deadline is an hour so that a hang reaches libFuzzer's
//! `-timeout` instead of being abandoned quietly by the guard.
#![no_main]

use std::sync::LazyLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use resume_parser::Pipeline;
use resume_parser::extract::Limits;

mod common;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    Pipeline::with_limits(Limits {
        deadline: Duration::from_secs(3600),
        ..Limits::default()
    })
});

fuzz_target!(|data: &[u8]| {
    common::run(data, |d| {
        let _ = PIPELINE.parse(d);
    });
});
