//! `init` and `policies`: commands that write files.

use std::path::Path;

use super::{CliError, Outcome, endpoint_id_arg, exit, load_blueprint};
use crate::blueprint::EXAMPLE;
use crate::policy::generate::generate;

/// Write the commented example blueprint to `output`, or stdout.
pub fn init(output: Option<&Path>) -> Outcome {
    let Some(path) = output else {
        print!("{EXAMPLE}");
        return Ok(exit::OK);
    };
    // create_new: never overwrite someone's blueprint.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| CliError::usage(format!("cannot create {}: {e}", path.display())))?;
    std::io::Write::write_all(&mut file, EXAMPLE.as_bytes())
        .map_err(|e| CliError::usage(format!("cannot write {}: {e}", path.display())))?;
    println!(
        "wrote {}: edit the account IDs, then run `eks-isolation check --config {}`",
        path.display(),
        path.display()
    );
    Ok(exit::OK)
}

/// The file names `policies` writes, and what each holds.
pub fn policy_files(
    generated: &crate::policy::generate::GeneratedPolicies,
) -> Vec<(String, &crate::policy::PolicyDocument)> {
    let mut files = vec![
        ("bucket-policy.json".to_string(), &generated.bucket),
        (
            "s3-endpoint-policy.json".to_string(),
            &generated.s3_endpoint,
        ),
    ];
    for (service, doc) in &generated.interface_endpoints {
        files.push((format!("endpoint-{service}.json"), doc));
    }
    files.push(("scp.json".to_string(), &generated.scp));
    files
}

/// Write every generated policy as pretty JSON into `dir`.
pub fn policies(config: &Path, dir: &Path, s3_endpoint_id: Option<&str>) -> Outcome {
    endpoint_id_arg(s3_endpoint_id)?;
    let bp = load_blueprint(config)?;
    let generated = generate(&bp, s3_endpoint_id);
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::usage(format!("cannot create {}: {e}", dir.display())))?;
    for (name, doc) in policy_files(&generated) {
        let path = dir.join(&name);
        let mut text = doc.to_json_pretty();
        text.push('\n');
        std::fs::write(&path, text)
            .map_err(|e| CliError::usage(format!("cannot write {}: {e}", path.display())))?;
        println!("{}", path.display());
    }
    if generated.placeholder {
        println!(
            "note: the S3 endpoint ID is not known yet; the bucket policy names the placeholder {} \
             (pass --s3-endpoint-id, or set network.s3_endpoint_id)",
            generated.s3_endpoint_id
        );
    }
    Ok(exit::OK)
}
