//! Run the fake ATS (Greenhouse Harvest, Lever and a Standard Webhooks
//! receiver) as a standalone server for demos and external tests.
//!
//! ```text
//! cargo run --example fake_ats -- --bind 127.0.0.1:9090 --api-key k \
//!     --user-id 42 --webhook-secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
//! curl -s localhost:9090/_fake/records
//! curl -s -XPOST localhost:9090/_fake/faults \
//!     -d '{"op":"create","fault":"rate_limited","retry_after_secs":3,"times":2}'
//! ```
//!
//! Prints the base URL (for `GREENHOUSE`/`LEVER` base URLs; the webhook
//! receiver is `<url>/webhook`) and serves until Ctrl-C.

use clap::Parser;
use resume_parser::ats::fake::{FakeAts, FakeConfig};

#[derive(Parser)]
#[command(about = "In-process fake ATS: Greenhouse, Lever, Standard Webhooks")]
struct Args {
    /// Listen address.
    #[arg(long, default_value = "127.0.0.1:9090")]
    bind: String,
    /// API key expected as the Basic-auth user name.
    #[arg(long, default_value = "fake-api-key")]
    api_key: String,
    /// Greenhouse On-Behalf-Of / Lever perform_as user id.
    #[arg(long, default_value = "42")]
    user_id: String,
    /// Standard Webhooks secret (whsec_<base64> or raw text).
    #[arg(long, default_value = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    webhook_secret: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let fake = FakeAts::start(FakeConfig {
        bind: args.bind,
        api_key: args.api_key,
        user_id: args.user_id,
        webhook_secret: args.webhook_secret,
    })
    .await?;
    println!("fake ATS listening on {}", fake.url());
    println!("  records: GET  {}/_fake/records", fake.url());
    println!(
        "  faults:  POST {}/_fake/faults  {{\"op\":\"create\",\"fault\":\"unavailable\",\"times\":1}}",
        fake.url()
    );
    println!("  webhook: POST {}/webhook", fake.url());
    tokio::signal::ctrl_c().await?;
    fake.stop().await;
    Ok(())
}
