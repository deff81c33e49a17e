//! The translation memory: validated translations in SQLite, so an unchanged caption costs no
//! request. Keyed by everything that shapes the answer (source text and locale, target locale,
//! provider, model, the glossary rules that apply, prompt version, tone, maxChars, context).
//! Text only: never keys, never images.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::batch::{BatchItem, BatchJob};
use super::config::{ConfigError, MEMORY_FILE_NAME, MemoryLocation};
use super::error::TranslateError;
use super::prompt::PROMPT_VERSION;

// TODO: translations a user edits and approves in the plugin should be stored too and win over
// machine entries (looked up by source text and target locale alone); no route carries them yet.
/// A handle on the memory; cheap to clone, shared by translators built from one another.
#[derive(Debug, Clone)]
pub struct Memory {
    connection: Arc<Mutex<Connection>>,
}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS translation_memory (
    key TEXT PRIMARY KEY,
    source_locale TEXT NOT NULL,
    target_locale TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    source_text TEXT NOT NULL,
    translation TEXT NOT NULL,
    created_at INTEGER NOT NULL
)";

impl Memory {
    /// Opens (creating if needed) the memory at `location`; `None` when it is disabled.
    pub fn open(location: &MemoryLocation) -> Result<Option<Self>, ConfigError> {
        let connection = match location {
            MemoryLocation::Disabled => return Ok(None),
            MemoryLocation::InMemory => Connection::open_in_memory(),
            MemoryLocation::Dir(dir) => {
                let fail = |cause: String| ConfigError::Memory {
                    path: dir.display().to_string(),
                    cause,
                };
                std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
                Connection::open(dir.join(MEMORY_FILE_NAME))
            }
        };
        let describe = || match location {
            MemoryLocation::Dir(dir) => dir.join(MEMORY_FILE_NAME).display().to_string(),
            _ => "in memory".to_owned(),
        };
        let connection = connection
            .and_then(|c| {
                c.busy_timeout(std::time::Duration::from_secs(5))?;
                // WAL: the bridge and a CLI run may share the file; NORMAL sync is safe with WAL
                // and spares an fsync per locale.
                c.pragma_update(None, "journal_mode", "WAL")?;
                c.pragma_update(None, "synchronous", "NORMAL")?;
                c.execute_batch(SCHEMA)?;
                Ok(c)
            })
            .map_err(|e| ConfigError::Memory {
                path: describe(),
                cause: e.to_string(),
            })?;
        Ok(Some(Self {
            connection: Arc::new(Mutex::new(connection)),
        }))
    }

    /// Remembered translations among `keys`, by key.
    pub async fn lookup(
        &self,
        keys: Vec<String>,
    ) -> Result<HashMap<String, String>, TranslateError> {
        self.blocking(move |c| {
            let mut select =
                c.prepare_cached("SELECT translation FROM translation_memory WHERE key = ?1")?;
            let mut found = HashMap::new();
            for key in keys {
                if let Some(text) = select
                    .query_row(params![key], |row| row.get::<_, String>(0))
                    .optional()?
                {
                    found.insert(key, text);
                }
            }
            Ok(found)
        })
        .await
    }

    /// Remembers validated translations: `(key, item, translation)`.
    pub async fn store(
        &self,
        job: &BatchJob,
        provider: &str,
        rows: Vec<(String, String, String)>,
    ) -> Result<(), TranslateError> {
        let (source, target, model) = (job.source.code(), job.target.code(), job.model.clone());
        let provider = provider.to_owned();
        self.blocking(move |c| {
            let tx = c.transaction()?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR REPLACE INTO translation_memory (key, source_locale, target_locale, \
                     provider, model, prompt_version, source_text, translation, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, unixepoch())",
                )?;
                for (key, source_text, translation) in rows {
                    insert.execute(params![
                        key,
                        source,
                        target,
                        provider,
                        model,
                        PROMPT_VERSION,
                        source_text,
                        translation
                    ])?;
                }
            }
            tx.commit()
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, TranslateError> {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            let mut guard = connection
                .lock()
                .map_err(|_| TranslateError::Memory("a previous write panicked".to_owned()))?;
            work(&mut guard).map_err(|e| TranslateError::Memory(e.to_string()))
        })
        .await
        .map_err(|e| TranslateError::Memory(e.to_string()))?
    }
}

/// The memory key of one item of a job.
pub fn key(job: &BatchJob, provider: &str, tone: Option<&str>, item: &BatchItem) -> String {
    let parts = serde_json::json!([
        PROMPT_VERSION,
        provider,
        job.model,
        job.source.code(),
        job.target.code(),
        tone,
        item.text,
        item.max_chars,
        item.context,
        item.terms,
    ]);
    hex::encode(Sha256::digest(parts.to_string().as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::translate::batch::TermRule;
    use shotbridge_shared::Locale;

    fn job() -> BatchJob {
        let item = BatchItem {
            id: "a".into(),
            text: "Fast".into(),
            max_chars: None,
            context: None,
            terms: vec![],
            fixes: vec![],
        };
        BatchJob {
            source: Locale::parse("en-US").unwrap(),
            target: Locale::parse("de-DE").unwrap(),
            tone: None,
            model: "m".into(),
            items: vec![item],
        }
    }

    #[test]
    fn constraints_glossary_and_model_change_the_key() {
        let job = job();
        let base = key(&job, "openai", None, &job.items[0]);
        let mut longer = job.items[0].clone();
        longer.max_chars = Some(10);
        assert_ne!(base, key(&job, "openai", None, &longer));
        let mut glossary = job.items[0].clone();
        glossary.terms.push(TermRule {
            term: "Fast".into(),
            keep: true,
            translation: None,
        });
        assert_ne!(base, key(&job, "openai", None, &glossary));
        assert_ne!(base, key(&job, "gemini", None, &job.items[0]));
        assert_ne!(base, key(&job, "openai", Some("playful"), &job.items[0]));
    }

    #[tokio::test]
    async fn stored_translations_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let location = MemoryLocation::Dir(dir.path().to_path_buf());
        let job = job();
        let memory = Memory::open(&location).unwrap().unwrap();
        memory
            .store(
                &job,
                "openai",
                vec![("k1".into(), "Fast".into(), "Schnell".into())],
            )
            .await
            .unwrap();
        drop(memory);
        let memory = Memory::open(&location).unwrap().unwrap();
        let found = memory.lookup(vec!["k1".into(), "k2".into()]).await.unwrap();
        assert_eq!(found.get("k1").map(String::as_str), Some("Schnell"));
        assert_eq!(found.len(), 1);
    }
}
