//! `odoo-testkit serve`: an Odoo-compatible test server from the command line, for manual
//! use and for tests written in other languages.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "odoo-testkit",
    version,
    about = "An Odoo 19-compatible server for tests"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve a schema and seed data until interrupted.
    Serve {
        /// A schema snapshot file, or a directory with ir_model.json and fields_get/.
        #[arg(long)]
        schema: PathBuf,
        /// Seed data: {"model": [{"id": 1, ...}], ...}.
        #[arg(long)]
        data: Vec<PathBuf>,
        /// The port (0: any free port).
        #[arg(long, default_value_t = 8069)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// The database name.
        #[arg(long, default_value = "odoo19")]
        database: String,
        /// A user as LOGIN:PASSWORD (repeatable; default admin:admin, uid 2).
        #[arg(long = "user")]
        users: Vec<String>,
        /// An API key as LOGIN:KEY (repeatable).
        #[arg(long = "api-key", env = "ODOO_TESTKIT_API_KEY")]
        api_keys: Vec<String>,
    },
}

fn main() {
    if let Err(message) = run() {
        eprintln!("odoo-testkit: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let Command::Serve {
        schema,
        data,
        port,
        host,
        database,
        users,
        api_keys,
    } = Cli::parse().command;
    let schema = odoo_testkit::load_schema(&schema).map_err(|e| e.to_string())?;
    let mut builder = odoo_testkit::TestServer::builder()
        .schema(schema)
        .database(database)
        .bind((host, port).into());
    for path in data {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        builder = builder.data_json(&text);
    }
    for user in users {
        let (login, password) = user.split_once(':').ok_or("--user takes LOGIN:PASSWORD")?;
        builder = builder.user(login, password);
    }
    for key in api_keys {
        let (login, key) = key.split_once(':').ok_or("--api-key takes LOGIN:KEY")?;
        builder = builder.api_key(login, key);
    }
    let server = builder.start_background().map_err(|e| e.to_string())?;
    println!("odoo-testkit listening on {}", server.url());
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}
