//! Many independent pieces of work, a few at a time on scoped threads,
//! results in the order of the items: the online sources' requests
//! (`net::http`) and the subject sets `trace` reads. No async runtime, no
//! pool that outlives the call.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Runs `work` over `items`, at most `jobs` at a time, calling `done`
/// after each; the results come back in the order of `items`.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    done: impl Fn() + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> =
        Mutex::new(std::iter::repeat_with(|| None).take(items.len()).collect());
    thread::scope(|scope| {
        for _ in 0..jobs.max(1).min(items.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    let result = work(item);
                    if let Ok(mut slots) = results.lock() {
                        slots[index] = Some(result);
                    }
                    done();
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..100).collect();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let out = super::map(
            &items,
            3,
            |n| n * 2,
            || {
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            },
        );
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(done.into_inner(), 100);
        assert!(super::map(&[] as &[u32], 4, |n| *n, || {}).is_empty());
    }
}
