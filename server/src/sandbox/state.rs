//! The state every handler shares: the world, the key ring, the faults and their generator, the
//! rate-limit window and the request log, behind one lock so a request sees one consistent world.

use std::collections::VecDeque;
use std::time::Instant;

use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::sync::Mutex;
use url::Url;

use super::auth::KeyRing;
use super::config::{Faults, Processing, RateLimit};
use super::snapshot::RequestLog;
use super::world::World;

/// Shared by the router and the [`Sandbox`](super::Sandbox) handle.
#[derive(Debug)]
pub(crate) struct Shared {
    /// `http://127.0.0.1:PORT/`, the base of links and upload URLs.
    pub base_url: Url,
    pub processing: Processing,
    pub rate_limit: RateLimit,
    pub part_size: u64,
    pub state: Mutex<State>,
}

#[derive(Debug)]
pub(crate) struct State {
    pub world: World,
    pub keys: KeyRing,
    pub faults: Faults,
    /// Draws fault decisions, one fixed set of draws per request.
    pub fault_rng: StdRng,
    /// Draws new ids and tokens, apart from faults so faults do not shift ids.
    pub id_rng: StdRng,
    /// API requests counted toward the hourly budget, oldest first.
    pub window: VecDeque<Instant>,
    /// The sequence number of the next request (API or blob).
    pub next_seq: u64,
    /// API requests seen, for the 429 burst schedule.
    pub api_seen: u64,
    /// Commits seen, for `ProcessingFailures::first`.
    pub commits: u64,
    pub log: RequestLog,
}

impl State {
    pub fn new(world: World, keys: KeyRing, faults: Faults, seed: u64) -> Self {
        Self {
            world,
            keys,
            faults,
            fault_rng: StdRng::seed_from_u64(seed),
            id_rng: StdRng::seed_from_u64(seed ^ 0x05EE_D1D5),
            window: VecDeque::new(),
            next_seq: 0,
            api_seen: 0,
            commits: 0,
            log: RequestLog::default(),
        }
    }

    /// A new resource id, UUID-shaped like Apple's, from the seeded generator.
    pub fn new_id(&mut self) -> String {
        let bytes: [u8; 16] = rand::Rng::random(&mut self.id_rng);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// A new secret for upload URLs and asset tokens.
    pub fn new_token(&mut self) -> String {
        let bytes: [u8; 24] = rand::Rng::random(&mut self.id_rng);
        hex::encode(bytes)
    }
}
