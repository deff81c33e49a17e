//! Caption translation end to end: fake OpenAI and Gemini servers (wiremock) that check every
//! request, the translation memory, the real caption fixtures through pseudo-localization, and
//! the `shotbridge translate` command.

#![allow(clippy::unwrap_used)]

mod captions;
mod cli;
mod gemini;
mod helpers;
mod memory;
mod openai;
