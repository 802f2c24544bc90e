//! Large reads as a stream of pages kept in flight: one `search` for the ids, then `read`s of
//! `page` ids each, `in_flight` of them at once, yielded in the search's order.
//!
//! Why ids and not `offset`: on a large table every `OFFSET n` page makes PostgreSQL produce
//! and skip the `n` rows before it again (a 100,000-row read in pages of 1,000 reads 5 million
//! rows), and the pages depend on one another, so they cannot be asked for at once. With the
//! ids known up front the pages are independent: the link carries one while the server
//! computes the next, and the set read is exactly the set the search found — a record
//! created meanwhile is not read, one deleted meanwhile is left out, and a record written
//! meanwhile is read once, as it is when its page is read.
//!
//! Memory stays bounded by the pages in flight (and the ids, 8 bytes each), not by the total:
//! each page is decoded into records as it completes and handed out one record at a time.

use std::collections::{HashMap, VecDeque};

use futures_core::Stream;
use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{BoxFuture, Keyed};

/// The call that reads a page of ids.
pub(crate) type PageCall<'a> = Box<dyn Fn(&[i64]) -> Call + Send + Sync + 'a>;

/// The default number of pages in flight: 4.
///
/// Measured through nginx on a 40 ms link against a threaded Odoo 19 (`workers = 0`): one
/// page in flight leaves the link idle while the server builds the next; beyond four the
/// server, not the link, is the limit. See the README's benchmark section.
pub const DEFAULT_PAGES_IN_FLIGHT: usize = 4;

/// How a paged read goes: `read` calls for pages of ids.
pub(crate) struct Pages<'a> {
    pub(crate) client: &'a Client,
    /// The ids, in the order the records come out (a `search`, say).
    pub(crate) ids: BoxFuture<'a, Result<Vec<i64>, Error>>,
    /// The `read` of one page, given its ids.
    pub(crate) read: PageCall<'a>,
    pub(crate) page: usize,
    pub(crate) in_flight: usize,
}

type PageStream<'a, M> =
    std::pin::Pin<Box<dyn Stream<Item = Result<Vec<(i64, M)>, Error>> + Send + 'a>>;

/// Whether `order` is by id alone, ascending (`id`, `id asc`): pages are then id ranges.
pub(crate) fn by_id(order: &str) -> bool {
    let mut words = order.split_whitespace();
    matches!(
        (
            words.next(),
            words.next().map(str::to_ascii_lowercase).as_deref(),
            words.next()
        ),
        (Some("id"), None | Some("asc"), None)
    )
}

/// The ids a `search` finds, for [`Pages::ids`].
pub(crate) fn search_ids<'a, M: OdooModel>(
    client: &'a Client,
    search: Call,
) -> BoxFuture<'a, Result<Vec<i64>, Error>> {
    Box::pin(async move { client.call_model::<M, Vec<i64>>(search).await })
}

/// The records of `pages` with their ids, one at a time; the first error ends the stream.
pub(crate) fn records<'a, M: OdooModel + Send + 'a>(
    pages: Pages<'a>,
) -> impl Stream<Item = Result<(i64, M), Error>> + Send + 'a {
    let Pages {
        client,
        ids,
        read,
        page,
        in_flight,
    } = pages;
    let page = page.max(1);
    let in_flight = in_flight.max(1);
    let pages: PageStream<'a, M> = Box::pin(
        stream::once(async move {
            let ids = ids.await?;
            let chunks: Vec<Vec<i64>> = ids.chunks(page).map(<[i64]>::to_vec).collect();
            Ok::<_, Error>(
                stream::iter(chunks)
                    .map(move |chunk| {
                        let call = read(&chunk);
                        async move { read_page::<M>(client, call, &chunk).await }
                    })
                    .buffered(in_flight),
            )
        })
        .try_flatten(),
    );
    let state = State {
        pages: Some(pages),
        buffer: VecDeque::new(),
    };
    stream::unfold(state, |mut st| async move {
        loop {
            if let Some(record) = st.buffer.pop_front() {
                return Some((Ok(record), st));
            }
            let pages = st.pages.as_mut()?;
            match pages.next().await {
                None => return None,
                Some(Ok(page)) => st.buffer.extend(page),
                Some(Err(e)) => {
                    // Dropping the stream cancels the pages still in flight.
                    st.pages = None;
                    return Some((Err(e), st));
                }
            }
        }
    })
}

struct State<'a, M> {
    pages: Option<PageStream<'a, M>>,
    buffer: VecDeque<(i64, M)>,
}

/// One page, in the order of its ids; ids deleted since the search are left out, and so is
/// anything Odoo sent for an id not asked (a record that came to match an id range).
async fn read_page<M: OdooModel>(
    client: &Client,
    call: Call,
    ids: &[i64],
) -> Result<Vec<(i64, M)>, Error> {
    let rows: Vec<Keyed<M>> = client.call_model::<M, _>(call).await?;
    let mut by_id: HashMap<i64, M> = rows
        .into_iter()
        .filter_map(|Keyed(id, m)| Some((id?, m)))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id).map(|m| (*id, m)))
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_an_ascending_id_order_pages_by_range() {
        for order in ["id", "id asc", " id  ASC "] {
            assert!(super::by_id(order), "{order}");
        }
        for order in ["id desc", "name", "name, id", "id, name", ""] {
            assert!(!super::by_id(order), "{order}");
        }
    }
}
