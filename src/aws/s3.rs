//! S3: the data bucket, its public-access block, policy and tags. Build the client with
//! [`super::s3_client`] (path-style against a local server).

use aws_sdk_s3::Client;
use aws_sdk_s3::types::{
    BucketLocationConstraint, CreateBucketConfiguration, PublicAccessBlockConfiguration, Tag,
    Tagging,
};

use super::AwsError;

/// A bucket of the account, as the bucket picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSummary {
    pub name: String,
    /// Where the bucket lives, when ListBuckets says (it does on AWS since 2024).
    pub region: Option<String>,
}

/// Every bucket of the client's account (ListBuckets is global), by name.
pub async fn list_buckets(s3: &Client) -> Result<Vec<BucketSummary>, AwsError> {
    let buckets: Vec<aws_sdk_s3::types::Bucket> = s3
        .list_buckets()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("s3:ListBuckets", e))?;
    let mut out: Vec<BucketSummary> = buckets
        .iter()
        .filter_map(|b| {
            Some(BucketSummary {
                name: b.name()?.to_string(),
                region: b.bucket_region().map(str::to_string),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Whether the bucket exists and this account may use it (`Ok(false)`: no such bucket).
pub async fn bucket_exists(s3: &Client, bucket: &str) -> Result<bool, AwsError> {
    match s3.head_bucket().bucket(bucket).send().await {
        Ok(_) => Ok(true),
        Err(e) => {
            let err = AwsError::from_sdk("s3:HeadBucket", e);
            if err.is_not_found() {
                Ok(false)
            } else {
                Err(err)
            }
        }
    }
}

/// Create a bucket in `region` (us-east-1 takes no location constraint; every other region
/// must be named).
pub async fn create_bucket(s3: &Client, bucket: &str, region: &str) -> Result<(), AwsError> {
    let mut call = s3.create_bucket().bucket(bucket);
    if region != "us-east-1" {
        call = call.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region))
                .build(),
        );
    }
    call.send()
        .await
        .map_err(|e| AwsError::from_sdk("s3:CreateBucket", e))?;
    Ok(())
}

/// The bucket's tags (none when it has no tag set).
pub async fn bucket_tags(s3: &Client, bucket: &str) -> Result<Vec<(String, String)>, AwsError> {
    match s3.get_bucket_tagging().bucket(bucket).send().await {
        Ok(out) => Ok(out
            .tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect()),
        Err(e) => {
            let err = AwsError::from_sdk("s3:GetBucketTagging", e);
            if err.is_not_found() {
                Ok(Vec::new())
            } else {
                Err(err)
            }
        }
    }
}

pub async fn tag_bucket(s3: &Client, bucket: &str, key: &str, value: &str) -> Result<(), AwsError> {
    let tag = Tag::builder()
        .key(key)
        .value(value)
        .build()
        .map_err(|e| AwsError::answer("s3:PutBucketTagging", e.to_string()))?;
    let tagging = Tagging::builder()
        .tag_set(tag)
        .build()
        .map_err(|e| AwsError::answer("s3:PutBucketTagging", e.to_string()))?;
    s3.put_bucket_tagging()
        .bucket(bucket)
        .tagging(tagging)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("s3:PutBucketTagging", e))?;
    Ok(())
}

/// A bucket's public-access block settings; all four `None` when the bucket has none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublicAccessBlock {
    pub block_public_acls: Option<bool>,
    pub ignore_public_acls: Option<bool>,
    pub block_public_policy: Option<bool>,
    pub restrict_public_buckets: Option<bool>,
}

impl PublicAccessBlock {
    /// Whether all four are on.
    pub fn all_on(&self) -> bool {
        [
            self.block_public_acls,
            self.ignore_public_acls,
            self.block_public_policy,
            self.restrict_public_buckets,
        ]
        .iter()
        .all(|v| *v == Some(true))
    }
}

/// The bucket's public-access block (all `None` when it has none; a missing bucket is an error).
pub async fn public_access_block(s3: &Client, bucket: &str) -> Result<PublicAccessBlock, AwsError> {
    match s3.get_public_access_block().bucket(bucket).send().await {
        Ok(out) => Ok(out
            .public_access_block_configuration()
            .map(|c| PublicAccessBlock {
                block_public_acls: c.block_public_acls(),
                ignore_public_acls: c.ignore_public_acls(),
                block_public_policy: c.block_public_policy(),
                restrict_public_buckets: c.restrict_public_buckets(),
            })
            .unwrap_or_default()),
        Err(e) => {
            let err = AwsError::from_sdk("s3:GetPublicAccessBlock", e);
            if err.code.as_deref() == Some("NoSuchPublicAccessBlockConfiguration") {
                Ok(PublicAccessBlock::default())
            } else {
                Err(err)
            }
        }
    }
}

/// Whether all four public-access blocks are on (`false` when none is set, or no bucket).
pub async fn public_access_blocked(s3: &Client, bucket: &str) -> Result<bool, AwsError> {
    match public_access_block(s3, bucket).await {
        Ok(block) => Ok(block.all_on()),
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) => Err(e),
    }
}

/// Turn all four public-access blocks on.
pub async fn block_public_access(s3: &Client, bucket: &str) -> Result<(), AwsError> {
    s3.put_public_access_block()
        .bucket(bucket)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("s3:PutPublicAccessBlock", e))?;
    Ok(())
}

/// The bucket policy's JSON text, if it has one (a missing bucket is an error: `NoSuchBucket`).
pub async fn bucket_policy(s3: &Client, bucket: &str) -> Result<Option<String>, AwsError> {
    match s3.get_bucket_policy().bucket(bucket).send().await {
        Ok(out) => Ok(out.policy().map(str::to_string)),
        Err(e) => {
            let err = AwsError::from_sdk("s3:GetBucketPolicy", e);
            if err.code.as_deref() == Some("NoSuchBucketPolicy") {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}

pub async fn put_bucket_policy(s3: &Client, bucket: &str, policy: &str) -> Result<(), AwsError> {
    s3.put_bucket_policy()
        .bucket(bucket)
        .policy(policy)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("s3:PutBucketPolicy", e))?;
    Ok(())
}

pub async fn delete_bucket_policy(s3: &Client, bucket: &str) -> Result<(), AwsError> {
    s3.delete_bucket_policy()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("s3:DeleteBucketPolicy", e))?;
    Ok(())
}

/// Whether the bucket holds no object (current versions).
pub async fn bucket_is_empty(s3: &Client, bucket: &str) -> Result<bool, AwsError> {
    let out = s3
        .list_objects_v2()
        .bucket(bucket)
        .max_keys(1)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("s3:ListObjectsV2", e))?;
    Ok(out.contents().is_empty())
}

pub async fn delete_bucket(s3: &Client, bucket: &str) -> Result<(), AwsError> {
    s3.delete_bucket()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("s3:DeleteBucket", e))?;
    Ok(())
}

/// Delete every object version and delete marker of the bucket (`destroy --delete-data`), a
/// page of ListObjectVersions at a time; DeleteObjects takes up to 1,000 keys a request (S3 API
/// reference, DeleteObjects). Returns how many it deleted.
pub async fn empty_bucket(s3: &Client, bucket: &str) -> Result<usize, AwsError> {
    use aws_sdk_s3::types::{Delete, ObjectIdentifier};
    let mut deleted = 0;
    let (mut key_marker, mut version_marker) = (None::<String>, None::<String>);
    loop {
        let page = s3
            .list_object_versions()
            .bucket(bucket)
            .max_keys(1000)
            .set_key_marker(key_marker.take())
            .set_version_id_marker(version_marker.take())
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("s3:ListObjectVersions", e))?;
        let versions = page
            .versions()
            .iter()
            .map(|v| (v.key(), v.version_id()))
            .chain(
                page.delete_markers()
                    .iter()
                    .map(|m| (m.key(), m.version_id())),
            );
        let mut ids = Vec::new();
        for (key, version) in versions {
            let Some(key) = key else { continue };
            let id = ObjectIdentifier::builder()
                .key(key)
                .set_version_id(version.map(str::to_string))
                .build()
                .map_err(|e| AwsError::answer("s3:DeleteObjects", e.to_string()))?;
            ids.push(id);
        }
        for chunk in ids.chunks(1000) {
            let delete = Delete::builder()
                .set_objects(Some(chunk.to_vec()))
                .quiet(true)
                .build()
                .map_err(|e| AwsError::answer("s3:DeleteObjects", e.to_string()))?;
            let out = s3
                .delete_objects()
                .bucket(bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| AwsError::from_sdk("s3:DeleteObjects", e))?;
            if let Some(first) = out.errors().first() {
                return Err(AwsError {
                    call: "s3:DeleteObjects",
                    code: first.code().map(str::to_string),
                    message: first.message().unwrap_or_default().to_string(),
                });
            }
            deleted += chunk.len();
        }
        if page.is_truncated() != Some(true) {
            return Ok(deleted);
        }
        key_marker = page.next_key_marker().map(str::to_string);
        version_marker = page.next_version_id_marker().map(str::to_string);
        if key_marker.is_none() && version_marker.is_none() {
            return Ok(deleted);
        }
    }
}
