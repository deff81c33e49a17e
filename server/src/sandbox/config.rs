//! How a sandbox run is set up: the seed, the faults to inject, how processing behaves, the rate
//! limit, the upload part size and the world it starts with.

use std::net::SocketAddr;
use std::time::Duration;

use super::seed::WorldSeed;

/// Everything [`Sandbox::start`](super::Sandbox::start) needs. `SandboxConfig::default()` is a
/// quiet, fault-free sandbox with the demo world on a random loopback port.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Where to listen; the default `127.0.0.1:0` picks a free loopback port.
    pub addr: SocketAddr,
    /// Seeds every random choice (fault draws, new resource ids), so a run can be repeated.
    pub seed: u64,
    /// Faults injected from the first request on; change them later with `set_faults`.
    pub faults: Faults,
    /// How long a committed screenshot stays `UPLOAD_COMPLETE`.
    pub processing: Processing,
    /// The hourly request budget reported in `X-Rate-Limit` and enforced with 429.
    pub rate_limit: RateLimit,
    /// The largest part of an upload operation; bigger files get several operations.
    pub part_size: u64,
    /// The apps, versions and localizations the sandbox starts with.
    pub world: WorldSeed,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 0,
            faults: Faults::default(),
            processing: Processing::default(),
            rate_limit: RateLimit::default(),
            part_size: DEFAULT_PART_SIZE,
            world: WorldSeed::demo(),
        }
    }
}

/// 1 MiB: large enough for one part per small screenshot, small enough that real screenshots
/// (a few MB) exercise multi-part uploads.
pub const DEFAULT_PART_SIZE: u64 = 1024 * 1024;

/// How processing after a commit ends. The screenshot reads `UPLOAD_COMPLETE` until it has been
/// read `reads` times after the commit **and** `min_duration` has passed; then it turns
/// `COMPLETE` or `FAILED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Processing {
    /// Reads (a GET of the screenshot, or a listing that includes it) that still see
    /// `UPLOAD_COMPLETE`.
    pub reads: u32,
    /// Time that must pass after the commit before the state can move on.
    pub min_duration: Duration,
}

impl Default for Processing {
    /// One read sees `UPLOAD_COMPLETE`, the next sees the outcome: quick, but a client that
    /// does not poll is caught.
    fn default() -> Self {
        Self {
            reads: 1,
            min_duration: Duration::ZERO,
        }
    }
}

/// The per-key hourly budget, as Apple reports it in `user-hour-lim`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in any rolling hour.
    pub per_hour: u32,
}

impl Default for RateLimit {
    /// 3600 an hour, the figure Apple's responses usually carry.
    fn default() -> Self {
        Self { per_hour: 3600 }
    }
}

/// Faults to inject. Rates are shares in `0.0..=1.0`, drawn from the seeded generator per request
/// in arrival order, so a sequential client sees the same faults on every run with the same seed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Delay added before each request (API and blob) is handled.
    pub latency: Latency,
    /// Share of API requests answered 500/502/503/504 before anything is applied.
    pub server_error_rate: f64,
    /// Share of mutating API requests (POST, PATCH, DELETE) that are applied and then answered
    /// 5xx anyway: Apple's "false failure", where the insert went through.
    pub false_failure_rate: f64,
    /// Share of API requests whose connection is cut before they are applied.
    pub drop_before_rate: f64,
    /// Share of mutating API requests that are applied and whose response is then lost (the
    /// connection is cut).
    pub drop_after_rate: f64,
    /// Periodic bursts of 429 `RATE_LIMIT_EXCEEDED`, independent of the hourly budget.
    pub rate_limit_burst: Option<Burst>,
    /// Share of upload-part PUTs answered 500 (the part is not stored).
    pub part_failure_rate: f64,
    /// Share of reservations whose upload operations all answer 500 forever, so the client must
    /// delete the reservation and reserve again.
    pub broken_reservation_rate: f64,
    /// Committed screenshots that end `FAILED` although the image is fine.
    pub processing_failures: ProcessingFailures,
}

/// Delay added to each request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Latency {
    #[default]
    None,
    Fixed(Duration),
    /// Uniform in `[low, high]`.
    Range(Duration, Duration),
}

/// Every `every` API requests, the next `length` are answered 429 with `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Burst {
    pub every: u32,
    pub length: u32,
    /// Sent as `Retry-After` in whole seconds (at least 1).
    pub retry_after: Duration,
}

/// Screenshots whose processing fails with `IMAGE_TOOL_FAILURE` though the image is fine.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ProcessingFailures {
    /// The next `first` commits fail.
    pub first: u32,
    /// After those, this share of commits fails.
    pub rate: f64,
}
