//! `shotbridge locales`: prints the ASC locale table.

use std::io::{self, Write};

use shotbridge_shared::{Direction, LOCALES};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args) -> Outcome {
    let mut out = io::stdout().lock();
    match write_table(&mut out, args.json) {
        Ok(()) => Outcome::Success,
        // The reader stopped early (`shotbridge locales | head`): nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Outcome::Success,
        Err(e) => {
            eprintln!("error: cannot write the table: {e}");
            Outcome::JobFailed
        }
    }
}

fn write_table(out: &mut impl Write, json: bool) -> io::Result<()> {
    if json {
        let rows: Vec<_> = LOCALES
            .iter()
            .map(|l| {
                serde_json::json!({
                    "code": l.code, "englishName": l.english_name, "nativeName": l.native_name,
                    "script": l.script, "direction": l.direction,
                })
            })
            .collect();
        return writeln!(out, "{}", serde_json::Value::Array(rows));
    }
    writeln!(
        out,
        "{:<8} {:<24} {:<6} {:<4} NATIVE",
        "CODE", "LANGUAGE", "SCRIPT", "DIR"
    )?;
    for l in &LOCALES {
        let dir = match l.direction {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        };
        // The native name goes last: its width on a terminal is not its length in characters.
        writeln!(
            out,
            "{:<8} {:<24} {:<6} {dir:<4} {}",
            l.code, l.english_name, l.script, l.native_name
        )?;
    }
    Ok(())
}
