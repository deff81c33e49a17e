//! `shotbridge locales`: prints the ASC locale table.

use shotbridge_shared::{Direction, LOCALES};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args) -> Outcome {
    if args.json {
        let rows: Vec<_> = LOCALES
            .iter()
            .map(|l| {
                serde_json::json!({
                    "code": l.code, "englishName": l.english_name, "nativeName": l.native_name,
                    "script": l.script, "direction": l.direction,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return Outcome::Success;
    }
    println!("{:<8} {:<24} {:<20} {:<6} DIR", "CODE", "LANGUAGE", "NATIVE", "SCRIPT");
    for l in &LOCALES {
        let dir = match l.direction {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        };
        println!(
            "{:<8} {:<24} {:<20} {:<6} {dir}",
            l.code, l.english_name, l.native_name, l.script
        );
    }
    Outcome::Success
}
