"""Benchmark (not a test): apply and verify of eks-isolation against one moto server, beside a
plain sequential boto3 script making the same AWS calls (the peer a careful operator writes).

Prints wall time, AWS call count (moto's request recorder) and peak memory of each.
Run with scripts/bench-engine (it builds the binary and uses .venv).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import boto3
import requests

sys.path.insert(0, os.path.dirname(__file__))
import peer  # noqa: E402

REGION = "us-east-1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_moto(recording, latency_ms=0):
    env = dict(os.environ, MOTO_RECORDER_FILEPATH=recording,
               EKS_ISOLATION_BENCH_LATENCY_MS=str(latency_ms))
    proc = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "scripts", "moto_server.py")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    url = proc.stdout.readline().strip()
    return proc, url


def warm(url, accounts):
    """moto builds each service's data the first time an account touches it (EC2 alone takes
    up to a second): work AWS never does. Touch every service the runs use, in every account,
    before any timing, so that neither side pays it."""
    for account in accounts:
        s = session_for(url, account)
        s.client("ec2", endpoint_url=url).describe_vpcs()
        s.client("s3", endpoint_url=url).list_buckets()
        s.client("iam", endpoint_url=url).list_roles()
        s.client("eks", endpoint_url=url).list_clusters()
        s.client("ram", endpoint_url=url).get_resource_shares(resourceOwner="SELF")
        s.client("ecr", endpoint_url=url).describe_repositories()


def session_for(url, account):
    sts = boto3.client("sts", endpoint_url=url, region_name=REGION,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/bench",
                        RoleSessionName="bench")["Credentials"]
    return boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                         aws_session_token=c["SessionToken"], region_name=REGION)


def estate(url, data):
    """An organization managed by `data`, with a model-owner account created in it."""
    org = session_for(url, data).client("organizations", endpoint_url=url)
    org.create_organization(FeatureSet="ALL")
    model = org.create_account(AccountName="model", Email=f"m{data}@example.com")
    return model["CreateAccountStatus"]["AccountId"]


def blueprint(dirname, data, model, name):
    with open(os.path.join(ROOT, "assets", "blueprint.example.toml")) as f:
        text = f.read()
    text = (text.replace("111111111111", data).replace("222222222222", model)
            .replace('name = "inference-demo"', f'name = "{name}"')
            .replace("inference-demo-data", f"data-{data}"))
    path = os.path.join(dirname, f"{name}.toml")
    with open(path, "w") as f:
        f.write(text)
    return path


def recorded(url, action):
    requests.post(f"{url}/moto-api/recorder/{action}-recording", timeout=10)


def count_calls(recording):
    with open(recording) as f:
        return sum(1 for line in f if line.strip())


def profiles(dirname, data, model):
    config = os.path.join(dirname, "aws-config")
    creds = os.path.join(dirname, "aws-credentials")
    with open(config, "w") as f:
        f.write(f"[profile base]\nregion = {REGION}\n\n"
                f"[profile data-owner]\nrole_arn = arn:aws:iam::{data}:role/admin\nsource_profile = base\n\n"
                f"[profile model-owner]\nrole_arn = arn:aws:iam::{model}:role/admin\nsource_profile = base\n")
    with open(creds, "w") as f:
        f.write("[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    return {"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": creds}


def run_tool(binary, args, env):
    """Run the binary under /usr/bin/time; returns (seconds, peak RSS KiB, exit code)."""
    timing = tempfile.NamedTemporaryFile(delete=False)
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", timing.name, binary, *args],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    with open(timing.name) as f:
        rss = int(f.read().strip().splitlines()[-1])
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(args[:1])} failed ({p.returncode}): {p.stderr}")
    return seconds, rss, p.returncode


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def run_tool_once(binary, url, work, data, base_env, recording):
    model = estate(url, data)
    warm(url, [data, model])
    name = f"tool-{data}"
    bp = blueprint(work, data, model, name)
    env = dict(base_env, AWS_ENDPOINT_URL=url, **profiles(work, data, model))
    common = ["--config", bp, "--state-dir", os.path.join(work, "state")]
    out = {}
    for verb, args in [("apply", ["apply", "--yes", "--output", "json"]), ("verify", ["verify", "--output", "json"])]:
        recorded(url, "reset"); recorded(url, "start")
        secs, rss, _ = run_tool(binary, args + common, env)
        recorded(url, "stop")
        out[verb] = (secs, count_calls(recording), rss / 1024)
    return out


def run_peer_once(binary, url, work, data, recording):
    model = estate(url, data)
    warm(url, [data, model])
    d, m = session_for(url, data), session_for(url, model)
    bp = blueprint(work, data, model, f"peer-{data}")
    load = peer.policies(binary, bp, "vpce-00000000000000000", os.path.join(work, f"pol-{data}"))
    out = {}
    recorded(url, "reset"); recorded(url, "start")
    t0 = time.perf_counter()
    ids = peer.apply(d, m, url, REGION, data, model, f"data-{data}", name=f"peer-{data}", load=load)
    out["apply"] = (time.perf_counter() - t0, None, None)
    recorded(url, "stop")
    out["apply"] = (out["apply"][0], count_calls(recording), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    recorded(url, "reset"); recorded(url, "start")
    t0 = time.perf_counter()
    peer.verify(d, m, url, REGION, ids)
    secs = time.perf_counter() - t0
    recorded(url, "stop")
    out["verify"] = (secs, count_calls(recording), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main():
    binary = sys.argv[1]
    reps = int(os.environ.get("BENCH_REPS", "3"))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    base_env.update(AWS_MAX_ATTEMPTS="1", AWS_EC2_METADATA_DISABLED="true", AWS_REGION=REGION)
    results = {}
    for latency in (0, 30):
        work = tempfile.mkdtemp(prefix="bench-engine-")
        recording = os.path.join(work, "recording.jsonl")
        proc, url = start_moto(recording, latency)
        try:
            warm(url, ["899999999999"])
            tool, peer_runs = [], []
            for rep in range(reps):
                base = 800_000_000_000 + latency * 1_000 + rep * 10
                # Alternate who goes first, so neither always meets a fresher server.
                if rep % 2 == 0:
                    tool.append(run_tool_once(binary, url, work, str(base), base_env, recording))
                    peer_runs.append(run_peer_once(binary, url, work, str(base + 5), recording))
                else:
                    peer_runs.append(run_peer_once(binary, url, work, str(base + 5), recording))
                    tool.append(run_tool_once(binary, url, work, str(base), base_env, recording))
            for label, runs in (("eks-isolation", tool), ("boto3 sequential peer", peer_runs)):
                for verb in ("apply", "verify"):
                    secs = median([r[verb][0] for r in runs])
                    calls = median([r[verb][1] for r in runs])
                    mib = max(r[verb][2] for r in runs)
                    results[f"{verb} ({label}), {latency} ms/request"] = (secs, calls, mib)
        finally:
            proc.stdin.close()
            proc.wait(timeout=30)

    print(f"{'run (median of ' + str(reps) + ')':<50} {'wall':>9} {'AWS calls':>10} {'peak RSS':>10}")
    for label, (secs, calls, mib) in results.items():
        print(f"{label:<50} {secs:>8.3f}s {calls:>10} {mib:>7.1f} MiB")
    print("moto accounts warmed before timing; the peer's RSS is its whole Python process (boto3).")
    print(json.dumps({k: {"seconds": round(s, 3), "calls": c, "peak_mib": round(m, 1)}
                      for k, (s, c, m) in results.items()}))


if __name__ == "__main__":
    main()
