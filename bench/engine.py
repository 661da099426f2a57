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


def start_moto(recording):
    env = dict(os.environ, MOTO_RECORDER_FILEPATH=recording)
    proc = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "scripts", "moto_server.py")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    url = proc.stdout.readline().strip()
    return proc, url


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


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="bench-engine-")
    recording = os.path.join(work, "recording.jsonl")
    proc, url = start_moto(recording)
    rows = []
    try:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        base_env.update(AWS_ENDPOINT_URL=url, AWS_MAX_ATTEMPTS="1", AWS_EC2_METADATA_DISABLED="true",
                        AWS_REGION=REGION)

        # The tool.
        data, name = "810000000001", "bench-tool"
        model = estate(url, data)
        bp = blueprint(work, data, model, name)
        env = dict(base_env, **profiles(work, data, model))
        common = ["--config", bp, "--state-dir", os.path.join(work, "state")]
        recorded(url, "reset"); recorded(url, "start")
        secs, rss, _ = run_tool(binary, ["apply", "--yes", "--output", "json", *common], env)
        recorded(url, "stop")
        rows.append(("apply (eks-isolation)", secs, count_calls(recording), rss / 1024))
        recorded(url, "reset"); recorded(url, "start")
        secs, rss, _ = run_tool(binary, ["verify", "--output", "json", *common], env)
        recorded(url, "stop")
        rows.append(("verify (eks-isolation)", secs, count_calls(recording), rss / 1024))

        # The peer: same calls, one after another.
        data = "820000000001"
        model = estate(url, data)
        d, m = session_for(url, data), session_for(url, model)
        peer_bp = blueprint(work, data, model, "bench-peer")
        load = peer.policies(binary, peer_bp, "vpce-00000000000000000", os.path.join(work, "peer-policies"))
        recorded(url, "reset"); recorded(url, "start")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        ids = peer.apply(d, m, url, REGION, data, model, f"data-{data}", load=load)
        secs = time.perf_counter() - t0
        recorded(url, "stop")
        rss = max(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        rows.append(("apply (boto3 sequential peer)", secs, count_calls(recording), rss / 1024))
        recorded(url, "reset"); recorded(url, "start")
        t0 = time.perf_counter()
        peer.verify(d, m, url, REGION, ids)
        secs = time.perf_counter() - t0
        recorded(url, "stop")
        rows.append(("verify (boto3 sequential peer)", secs, count_calls(recording),
                     resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)

    print(f"{'run':<32} {'wall':>9} {'AWS calls':>10} {'peak RSS':>10}")
    for label, secs, calls, mib in rows:
        print(f"{label:<32} {secs:>8.2f}s {calls:>10} {mib:>7.1f} MiB")
    print("(the peer's RSS is the whole Python process, boto3 included)")
    print(json.dumps({label: {"seconds": round(s, 3), "calls": c, "peak_mib": round(m, 1)}
                      for label, s, c, m in rows}))


if __name__ == "__main__":
    main()
