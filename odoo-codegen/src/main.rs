//! The `odoo-codegen` command: see [`odoo_codegen::cli`].

fn main() -> std::process::ExitCode {
    odoo_codegen::cli::main()
}
