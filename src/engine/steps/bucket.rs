//! DESIGN.md step 7: the data bucket in the data-owner account, with all four public-access
//! blocks and the generated "deny off the endpoint" bucket policy naming the real S3 endpoint.

use crate::aws::{self, AwsError};
use crate::blueprint::Side;
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::journal::Record;
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;
use crate::policy::PolicyDocument;

const SIDE: Side = Side::DataOwner;
const KEY: &str = "bucket";
const KIND: &str = "s3:bucket";

/// The data bucket: create it (or adopt it), tag it, block all public access. The policy is
/// [`ensure_bucket_policy`]'s, once the S3 endpoint exists; nothing here waits for it.
pub async fn ensure_bucket(ctx: &Ctx) -> Result<Outcome, StepError> {
    let s3 = ctx.clients(SIDE).s3();
    let err = |e| ctx.aws_error(KEY, SIDE, e);
    let bucket = ctx.bp.data.bucket.as_str();
    let (tag_key, tag_value) = ctx.tag();

    let exists = aws::s3::bucket_exists(&s3, bucket).await.map_err(err)?;
    // Bucket names are global: one we can see may be another account's (readable across
    // accounts). Adopting it would put our policy on, and our data into, someone else's bucket.
    if exists
        && !aws::s3::list_buckets(&s3)
            .await
            .map_err(err)?
            .iter()
            .any(|b| b.name == bucket)
    {
        return Err(StepError::Blocked {
            step: KEY.into(),
            reason: format!(
                "bucket {bucket} exists but is not in the data-owner account {}: another                  account owns it; choose another name (data.bucket)",
                ctx.party(SIDE).identity.account
            ),
        });
    }
    let created_now = !exists;
    let created = if exists {
        // Ours when the journal says so, or (journal lost) when it carries our tag.
        match ctx.recorded(KEY).filter(|r| r.id == bucket) {
            Some(r) => r.created,
            None => aws::s3::bucket_tags(&s3, bucket)
                .await
                .map_err(err)?
                .iter()
                .any(|(k, v)| k == tag_key && v == tag_value),
        }
    } else {
        if !ctx.go_create(
            &[KEY],
            format!("create the bucket {bucket}, all public access blocked"),
        ) {
            return Ok(Outcome::Created(format!("{bucket} (planned)")));
        }
        aws::s3::create_bucket(&s3, bucket, &ctx.bp.region)
            .await
            .map_err(err)?;
        true
    };
    ctx.record(KEY, KIND, bucket, SIDE, created)?;
    let tag = async {
        if created_now {
            aws::s3::tag_bucket(&s3, bucket, tag_key, tag_value).await?;
        }
        Ok(())
    };
    let block = async {
        if aws::s3::public_access_blocked(&s3, bucket).await?
            || !ctx.go(Note::Change(format!(
                "{bucket}: turn all four public-access blocks on"
            )))
        {
            return Ok(false);
        }
        aws::s3::block_public_access(&s3, bucket).await?;
        Ok::<_, crate::aws::AwsError>(true)
    };
    let ((), blocked_now) = tokio::try_join!(tag, block).map_err(err)?;
    let what = if created {
        bucket.to_string()
    } else {
        format!("adopted {bucket}")
    };
    let fix = "turned all four public-access blocks on";
    Ok(if created_now {
        Outcome::Created(format!("{what}; {fix}"))
    } else if blocked_now {
        Outcome::Updated(format!("{what}; {fix}"))
    } else {
        Outcome::Exists(what)
    })
}

/// The bucket policy: deny everything not through the S3 endpoint (its real ID, from the
/// journal), except the named admins; replaced when it drifted (compared parsed, not as text).
pub async fn ensure_bucket_policy(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "bucket.policy";
    let s3 = ctx.clients(SIDE).s3();
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let bucket = ctx.bp.data.bucket.as_str();
    // The policy names the real S3 endpoint, so it waits for that endpoint and the bucket.
    let endpoint = ctx.need(STEP, "endpoint.s3")?;
    ctx.need(STEP, KEY)?;
    let want = ctx.policies(Some(&endpoint.id)).bucket;
    let current = aws::s3::bucket_policy(&s3, bucket).await.map_err(err)?;
    let same = current
        .as_deref()
        .and_then(|text| PolicyDocument::from_json(text).ok())
        .is_some_and(|doc| doc == want);
    if same {
        return Ok(Outcome::Exists(format!(
            "{bucket}: policy as wanted (only through {})",
            endpoint.id
        )));
    }
    let plan = match &current {
        Some(_) => Note::Change(format!(
            "{bucket}: the bucket policy differs from the generated one; replace it"
        )),
        None => Note::Create(format!(
            "{bucket}: put the bucket policy (only through {})",
            endpoint.id
        )),
    };
    if !ctx.go(plan) {
        return Ok(Outcome::Updated(format!("{bucket} (planned)")));
    }
    aws::s3::put_bucket_policy(&s3, bucket, &want.to_json_pretty())
        .await
        .map_err(err)?;
    let warn = lockout_warning(&ctx.data.identity.arn, &ctx.bp.data_owner.admin_principals);
    Ok(match current {
        Some(_) => Outcome::Updated(format!("{bucket}: replaced a drifted bucket policy{warn}")),
        None => Outcome::Created(format!(
            "{bucket}: bucket policy set (only through {}){warn}",
            endpoint.id
        )),
    })
}

/// A note when the identity applying the policy is not one of the admins it exempts: off the
/// endpoint, that identity is then denied the bucket (later runs and destroy need an admin).
pub fn lockout_warning(caller: &str, admins: &[String]) -> String {
    // An assumed-role session is judged as its role.
    let me = crate::policy::session_role(caller).unwrap_or_else(|| caller.to_string());
    // Admin ARNs may carry a path (role/team/Name): compare account and name.
    let name = |arn: &str| -> (String, String) {
        let account = arn.split(':').nth(4).unwrap_or_default().to_string();
        let last = arn.rsplit('/').next().unwrap_or_default().to_string();
        (account, last)
    };
    if admins.iter().any(|a| *a == me || name(a) == name(&me)) {
        return String::new();
    }
    format!(
        "; warning: {me} is not in data_owner.admin_principals, so off the S3 endpoint this \
         policy denies it the bucket: run later applies and destroy as an admin principal"
    )
}

/// Remove the bucket policy; delete the bucket only when this tool created it and it is empty.
pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    let step = format!("destroy {}", record.key);
    if record.kind != KIND {
        return Err(StepError::Blocked {
            step,
            reason: format!("the bucket step does not make `{}`", record.kind),
        });
    }
    let s3 = ctx.clients(SIDE).s3();
    let err = |e: AwsError| ctx.aws_error(&step, SIDE, e);
    let bucket = record.id.as_str();
    if !aws::s3::bucket_exists(&s3, bucket).await.map_err(err)? {
        ctx.forget(&record.key)?;
        return Ok(Outcome::Exists("already gone".into()));
    }
    match aws::s3::delete_bucket_policy(&s3, bucket).await {
        Ok(()) => {}
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(err(e)),
    }
    if !record.created {
        ctx.forget(&record.key)?;
        return Ok(Outcome::Updated(format!(
            "removed the policy of {bucket}; the bucket was adopted: left it"
        )));
    }
    let mut emptied = String::new();
    if !aws::s3::bucket_is_empty(&s3, bucket).await.map_err(err)? {
        if !ctx.options.delete_data {
            ctx.forget(&record.key)?;
            return Ok(Outcome::Updated(format!(
                "removed the policy of {bucket}; it still holds data: left the bucket \
                 (--delete-data deletes it with its objects)"
            )));
        }
        let n = aws::s3::empty_bucket(&s3, bucket).await.map_err(err)?;
        emptied = format!(" and its {n} object version(s)");
    }
    match aws::s3::delete_bucket(&s3, bucket).await {
        Ok(()) => {}
        Err(e) if e.code.as_deref() == Some("BucketNotEmpty") => {
            ctx.forget(&record.key)?;
            return Ok(Outcome::Updated(format!(
                "removed the policy of {bucket}; it still holds object versions: left the bucket"
            )));
        }
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(err(e)),
    }
    ctx.forget(&record.key)?;
    Ok(Outcome::Updated(format!("deleted {bucket}{emptied}")))
}

#[cfg(test)]
mod tests {
    use super::lockout_warning;

    #[test]
    fn an_admin_caller_gets_no_warning_and_others_do() {
        let admins = vec!["arn:aws:iam::111111111111:role/ops/DataAdmin".to_string()];
        let session = "arn:aws:sts::111111111111:assumed-role/DataAdmin/alice";
        assert_eq!(lockout_warning(session, &admins), "");
        let other = lockout_warning(
            "arn:aws:sts::111111111111:assumed-role/Deployer/ci",
            &admins,
        );
        assert!(
            other.contains("arn:aws:iam::111111111111:role/Deployer is not in"),
            "{other}"
        );
        assert!(!lockout_warning("arn:aws:iam::111111111111:user/bob", &admins).is_empty());
        assert!(!lockout_warning(session, &[]).is_empty());
    }
}
