//! One real HTTP server on 127.0.0.1 (wiremock), with the runtime it runs
//! on, for the tests that play the online sources (`online_*.rs`, through
//! `common::online`, and `phish.rs`). A test file adds the answers of its own
//! sources in an `impl Net` of its own, or `common::online::Serve`.

use wiremock::{Mock, MockServer};

/// The mock server and the runtime it runs on.
pub struct Net {
    pub rt: tokio::runtime::Runtime,
    pub server: MockServer,
}

impl Net {
    pub fn start() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let server = rt.block_on(MockServer::start());
        Net { rt, server }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.uri())
    }

    pub fn mount(&self, mock: Mock) {
        self.rt.block_on(mock.mount(&self.server));
    }

    /// The requests the server received whose path starts with `prefix`.
    pub fn requests(&self, prefix: &str) -> Vec<wiremock::Request> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path().starts_with(prefix))
            .collect()
    }
}
