//! Time limits around retries: an overall deadline per call, so that a hung server costs one
//! timeout and a shorter retry rather than `(retries + 1) × timeout`; the wait for a slot
//! under `max_in_flight` counts; a user-supplied HTTP client gets the same limits.

use std::time::{Duration, Instant};

use odoo_runtime::ErrorKind;

use crate::bounded;
use crate::proxy::{Fault, Plan, Proxy};
use crate::target::{count_call, Target, PROTOS};

/// The default deadline is 1.5 × the timeout: a hung server gives up after it, not after the
/// three timeouts of two retries.
#[tokio::test]
async fn a_hung_server_costs_the_deadline_not_every_retry() {
    bounded(30, async {
        let target = Target::testkit().await;
        // The protocols side by side: each waits out its own deadline.
        let target = &target;
        futures_util::future::join_all(PROTOS.map(|proto| async move {
            let proxy = Proxy::start(&target.url).await;
            proxy.plan(Plan::always(Fault::Hang));
            let client = target
                .authenticated(proto, &proxy.url)
                .timeout(Duration::from_secs(1))
                .retries(2)
                .build()
                .unwrap();
            let started = Instant::now();
            let e = client.call::<i64>(count_call()).await.expect_err("a hang");
            let took = started.elapsed();
            let text = e.to_string();
            assert!(e.is_timeout(), "{proto:?}: {text}");
            assert!(
                text.contains("deadline of 1.5 s") && text.contains("2 attempts"),
                "{proto:?}: {text}"
            );
            assert!(
                took < Duration::from_millis(2500),
                "{proto:?}: took {took:?}"
            );
            assert_eq!(proxy.seen().len(), 2, "{proto:?}");
        }))
        .await;
    })
    .await;
}

/// Waiting for a slot under the cap counts against the deadline: of three calls at once on a
/// client with one slot, to a server that hangs, the first takes the slot until its deadline,
/// and at least one other never gets it.
#[tokio::test]
async fn waiting_for_a_slot_counts_against_the_deadline() {
    bounded(20, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start(&target.url).await;
        proxy.plan(Plan::always(Fault::Hang));
        let client = target
            .authenticated(crate::target::Proto::XmlRpc, &proxy.url)
            .max_in_flight(1)
            .timeout(Duration::from_secs(5))
            .deadline(Duration::from_millis(800))
            .retries(0)
            .build()
            .unwrap();
        let calls = (0..3).map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.call::<i64>(count_call()).await })
        });
        let started = Instant::now();
        let errors: Vec<_> = futures_util::future::join_all(calls)
            .await
            .into_iter()
            .map(|r| r.unwrap().expect_err("a hang"))
            .collect();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(errors.iter().all(|e| e.is_timeout()), "{errors:?}");
        assert!(
            errors.iter().any(|e| e
                .to_string()
                .contains("waiting for one of the 1 slots of `max_in_flight`")),
            "{errors:?}"
        );
        assert!(proxy.seen().len() < 3, "a call that got no slot was sent");
    })
    .await;
}

/// The builder's timeout and deadline hold for a user-supplied `reqwest::Client` too.
#[tokio::test]
async fn a_user_supplied_http_client_gets_the_time_limits() {
    bounded(20, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start(&target.url).await;
        proxy.plan(Plan::always(Fault::Hang));
        let client = target
            .authenticated(crate::target::Proto::Json2, &proxy.url)
            .http_client(reqwest::Client::new())
            .timeout(Duration::from_millis(300))
            .deadline(None)
            .retries(1)
            .max_retry_wait(Duration::from_millis(10))
            .build()
            .unwrap();
        let started = Instant::now();
        let e = client.call::<i64>(count_call()).await.expect_err("a hang");
        assert_eq!(e.kind(), ErrorKind::Transport);
        assert!(e.to_string().contains("within 300 ms (2 attempts)"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(3));
    })
    .await;
}
