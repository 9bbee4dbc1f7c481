//! Title normalisation benchmarks (criterion):
//!
//! - `build`: building the occupation index from the parsed taxonomy (the
//!   start-up cost on top of reading the embedded tables);
//! - `exact_alias`: titles that hit the exact or alias lookup (as written,
//!   or after abbreviation expansion / seniority removal);
//! - `fuzzy`: titles no O*NET form spells out, which go through the ranker;
//!
//! each reported as titles per second (`Throughput::Elements`), one thread.
//! Every timed call checks the method it expected, so a fast wrong answer
//! cannot pass for a speed-up. Targets (issue #3): ≥ 200,000 exact/alias and
//! ≥ 20,000 fuzzy titles per second per core.
//!
//! `cargo bench --bench normalize -- --warm-up-time 1 --measurement-time 3`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use resume_parser::normalize::{Method, TitleNormalizer};
use resume_parser::taxonomy::Taxonomy;

const EXACT: &[&str] = &[
    "Software Engineer",
    "Registered Nurse",
    "Accountant",
    "Java Developer",
    "Project Manager",
    "Marketing Executive",
    "Business Analyst",
    "Data Scientist",
    "Sr. SW Engineer",
    "Senior Accountant",
    "HR Specialist",
    "Jr. Web Developer",
];

const FUZZY: &[&str] = &[
    "Associate Software Engineer",
    "HR Executive",
    "Senior Salesforce Platform Developer",
    "Regional Operations Lead Manager",
    "Cloud Infrastructure Automation Engineer",
    "Assistant Manager Accounts",
    "Customer Success Associate Manager",
    "Hydraulic Systems Field Technician",
];

fn bench(c: &mut Criterion) {
    let tax = Taxonomy::embedded();
    c.bench_function("build", |b| {
        b.iter(|| black_box(TitleNormalizer::new(tax)));
    });
    let n = TitleNormalizer::new(tax);
    for t in EXACT {
        let m = n.normalize(t).method;
        assert!(
            matches!(m, Some(Method::Exact | Method::Alias)),
            "{t}: {m:?}"
        );
    }
    for t in FUZZY {
        let m = n.normalize(t);
        assert!(
            m.method == Some(Method::Fuzzy) || m.reason.is_some(),
            "{t}: {m:?}"
        );
    }
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(EXACT.len() as u64));
    g.bench_function("exact_alias", |b| {
        b.iter(|| {
            for t in EXACT {
                black_box(n.normalize(black_box(t)));
            }
        });
    });
    g.throughput(Throughput::Elements(FUZZY.len() as u64));
    g.bench_function("fuzzy", |b| {
        b.iter(|| {
            for t in FUZZY {
                black_box(n.normalize(black_box(t)));
            }
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
