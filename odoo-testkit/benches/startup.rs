// placeholder so the manifest parses; the testkit engineer replaces it
fn main() {}
