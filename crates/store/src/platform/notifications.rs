//! In-app notifications with an unread count, and email through a transactional outbox:
//! the email row and the job that delivers it are written in the caller's transaction.

use super::entity::{notification, outbox_email};
use super::jobs;
use crate::{Result, Store, StoreError, now};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SubQueryStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// The job kind that delivers one outbox email.
pub const EMAIL_JOB: &str = "email.send";

/// Something to tell a user.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    /// Short title.
    pub title: &'a str,
    /// One or two sentences.
    pub body: &'a str,
    /// A page to open, if any.
    pub link: Option<&'a str>,
    /// Also send it by email to this address.
    pub email_to: Option<&'a str>,
}

/// Notifies a user inside the caller's transaction (and queues the email, if asked).
pub async fn notify(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    notice: Notice<'_>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    notification::Entity::insert(notification::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        title: Set(notice.title.to_owned()),
        body: Set(notice.body.to_owned()),
        link: Set(notice.link.map(str::to_owned)),
        created_at: Set(now()),
        read_at: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    if let Some(to) = notice.email_to {
        let mut body = notice.body.to_owned();
        if let Some(link) = notice.link {
            body.push_str(&format!("\n\nSign in to joinedup to see it: {link}"));
        }
        queue_email(conn, to, notice.title, &body).await?;
    }
    Ok(id)
}

/// Writes an email to the outbox and queues its delivery, inside the caller's transaction.
pub async fn queue_email(
    conn: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    outbox_email::Entity::insert(outbox_email::ActiveModel {
        id: Set(id),
        to_address: Set(to.to_owned()),
        subject: Set(subject.to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(now()),
        sent_at: Set(None),
        delivery: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    jobs::enqueue(
        conn,
        EMAIL_JOB,
        &serde_json::json!({ "email_id": id }),
        now(),
    )
    .await?;
    Ok(id)
}

/// The notifications of `user` (an id, or a column holding one) that are not read yet.
fn unread_of(user: Expr) -> Condition {
    let n = notification::Entity;
    Condition::all()
        .add(Expr::col((n, notification::Column::UserId)).eq(user))
        .add(Expr::col((n, notification::Column::ReadAt)).is_null())
}

/// How many notifications the user has not read.
pub async fn unread_count(store: &Store, user_id: Uuid) -> Result<u64> {
    Ok(notification::Entity::find()
        .filter(unread_of(Expr::val(user_id)))
        .count(store.db())
        .await?)
}

/// The same count as a scalar subquery for another statement, the user taken from `user`
/// (a column of that statement), so that a page's header needs no query of its own.
pub(crate) fn unread_count_of(user: Expr) -> Expr {
    let n = notification::Entity;
    let mut q = Query::select();
    q.expr(Expr::col((n, notification::Column::Id)).count())
        .from(n)
        .cond_where(unread_of(user));
    Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(q)))
}

/// The user's notifications, newest first.
pub async fn list(store: &Store, user_id: Uuid, limit: u64) -> Result<Vec<notification::Model>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::CreatedAt)
        .limit(limit)
        .all(store.db())
        .await?)
}

/// Marks one of the user's notifications read (another user's is `NotFound`).
pub async fn mark_read(store: &Store, user_id: Uuid, id: Uuid) -> Result<()> {
    let res = notification::Entity::update_many()
        .col_expr(
            notification::Column::ReadAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(store.db())
        .await?;
    if res.rows_affected == 0
        && notification::Entity::find_by_id(id)
            .filter(notification::Column::UserId.eq(user_id))
            .one(store.db())
            .await?
            .is_none()
    {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Marks all the user's notifications read.
pub async fn mark_all_read(store: &Store, user_id: Uuid) -> Result<u64> {
    Ok(notification::Entity::update_many()
        .col_expr(
            notification::Column::ReadAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(store.db())
        .await?
        .rows_affected)
}

/// One outbox email by id.
pub async fn email(store: &Store, id: Uuid) -> Result<outbox_email::Model> {
    outbox_email::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)
}

/// Records that an email was handed over (`smtp` or `demo-mailbox`).
pub async fn mark_sent(store: &Store, id: Uuid, delivery: &str) -> Result<()> {
    outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::SentAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .col_expr(
            outbox_email::Column::Delivery,
            sea_orm::sea_query::Expr::value(delivery),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .exec(store.db())
        .await?;
    Ok(())
}

/// Emails delivered to the demo mailbox for an address (all addresses when `None`), newest first.
pub async fn mailbox(
    store: &Store,
    to: Option<&str>,
    limit: u64,
) -> Result<Vec<outbox_email::Model>> {
    let mut q =
        outbox_email::Entity::find().filter(outbox_email::Column::Delivery.eq("demo-mailbox"));
    if let Some(to) = to {
        q = q.filter(outbox_email::Column::ToAddress.eq(to));
    }
    Ok(q.order_by_desc(outbox_email::Column::CreatedAt)
        .limit(limit)
        .all(store.db())
        .await?)
}
