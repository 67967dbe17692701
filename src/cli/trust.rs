//! `cairn trust`: the keys you know, so a lesson signed by one says whose
//! it is.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::library::Library;

#[derive(Debug, clap::Subcommand)]
pub enum TrustCommand {
    /// Mark a key as known, under a name (`cairn lessons show ID` prints a lesson's key)
    Add {
        /// The key's fingerprint: 16 hexadecimal digits, spaces allowed
        #[arg(value_name = "FINGERPRINT")]
        fingerprint: String,
        /// Who it belongs to, as you want it shown
        #[arg(value_name = "NAME", num_args = 1.., required = true)]
        name: Vec<String>,
    },
    /// List your own key and the keys you know
    List {
        /// Print them as JSON
        #[arg(long)]
        json: bool,
    },
    /// Forget a known key
    #[command(alias = "remove")]
    Rm {
        #[arg(value_name = "FINGERPRINT")]
        fingerprint: String,
    },
}

pub fn run(library: &Library, command: TrustCommand) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match command {
        TrustCommand::Add { fingerprint, name } => {
            let joined = name.join(" ");
            let name = crate::model::safe(joined.trim()).to_string();
            if name.is_empty() {
                anyhow::bail!("give the key a name: cairn trust add FINGERPRINT NAME");
            }
            let print = library.trust(&fingerprint, &name)?;
            writeln!(
                out,
                "Lessons signed by key {print} now say they are from {name}."
            )?;
        }
        TrustCommand::List { json } => {
            let own = library.own_fingerprint()?;
            let known = library.known_keys()?;
            if json {
                let value = serde_json::json!({ "own": own, "known": known });
                serde_json::to_writer_pretty(&mut out, &value)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{own}  you (your packs are signed with this key; give it to those who read them)"
                )?;
                for k in &known {
                    writeln!(out, "{}  {}", k.fingerprint, crate::model::safe(&k.name))?;
                }
                if known.is_empty() {
                    writeln!(
                        out,
                        "No other keys yet: `cairn trust add FINGERPRINT NAME` marks one as known."
                    )?;
                }
            }
        }
        TrustCommand::Rm { fingerprint } => match library.distrust(&fingerprint)? {
            Some(k) => writeln!(out, "Forgot key {} ({}).", k.fingerprint, k.name)?,
            None => anyhow::bail!(
                "key {fingerprint} is not one you marked as known; `cairn trust list` lists them"
            ),
        },
    }
    Ok(ExitCode::SUCCESS)
}
