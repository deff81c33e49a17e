//! Benchmark driver: runs the sync and translation benchmarks, prints each one's detail lines,
//! then one table of the headline figures.
//!
//! Run: `cargo run -p shotbridge-tests --bin bench` (add `--release` for release figures).

use shotbridge_tests::bench;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sync = bench::sync::run().await?;
    println!("{sync}\n");
    let translate = bench::translate::run().await?;
    println!("{translate}\n");
    print!("{}", bench::table(&sync, &translate, bench::peak_rss_kib()));
    Ok(())
}
