//! A static file server for the built site: `cargo xtask serve` and the browser tests.
//!
//! It serves precompressed `.br`/`.gz` siblings when the browser accepts them (as a
//! production static host would) and sends `application/wasm` so streaming compilation
//! works. It only ever reads below the site directory.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::site;

/// A running server; it stops when dropped.
pub struct Server {
    server: Arc<tiny_http::Server>,
    port: u16,
}

impl Server {
    /// Serves `dir` on 127.0.0.1 (`port` 0 picks a free one) from background threads.
    pub fn start(dir: &Path, port: u16) -> Result<Server, String> {
        Server::start_mounts(vec![("/".to_owned(), dir.to_path_buf())], port)
    }

    /// Serves each directory under its URL prefix (`"/"`, `"/pyodide/"`, ...); the
    /// longest matching prefix wins. The benchmark serves Pyodide next to the site this way.
    pub fn start_mounts(mut mounts: Vec<(String, PathBuf)>, port: u16) -> Result<Server, String> {
        mounts.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        let mounts = Arc::new(mounts);
        let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("the server has no IP address")?;
        let server = Arc::new(server);
        // One thread per request. Browsers abandon downloads (a reload, a stopped worker)
        // and may leave the connection open without reading; the thread writing to it then
        // blocks until the browser closes it, and tiny_http has no write timeout. With a
        // fixed pool, a few Stops in a row used up every thread and the next page load
        // waited forever (the browser tests saw it about one run in three).
        {
            let server = server.clone();
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let mounts = mounts.clone();
                    std::thread::spawn(move || respond(&mounts, request));
                }
            });
        }
        Ok(Server { server, port })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn respond(mounts: &[(String, PathBuf)], request: tiny_http::Request) {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let found = mounts.iter().find_map(|(prefix, dir)| {
        let rest = url.strip_prefix(prefix.as_str())?;
        resolve(dir, rest)
    });
    let Some(path) = found else {
        let _ =
            request.respond(tiny_http::Response::from_string("not found").with_status_code(404));
        return;
    };
    let accepts = |enc: &str| {
        request.headers().iter().any(|h| {
            h.field.equiv("Accept-Encoding") && h.value.as_str().split(',').any(|e| e.trim() == enc)
        })
    };
    let mut chosen = (path.clone(), None);
    for enc in ["br", "gzip"] {
        let ext = if enc == "gzip" { "gz" } else { enc };
        let sibling = PathBuf::from(format!("{}.{ext}", path.display()));
        if accepts(enc) && sibling.is_file() {
            chosen = (sibling, Some(enc));
            break;
        }
    }
    let Ok(file) = std::fs::File::open(&chosen.0) else {
        let _ =
            request.respond(tiny_http::Response::from_string("not found").with_status_code(404));
        return;
    };
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).expect("valid header");
    let mut response = tiny_http::Response::from_file(file)
        .with_header(header("Content-Type", mime(&path)))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        // One request per connection: a browser that abandons a big download (a reload
        // while the VM loads) then closes that connection instead of leaving it, and the
        // thread writing to it, stalled for the next page's requests.
        .with_header(header("Connection", "close"));
    if let Some(enc) = chosen.1 {
        response = response
            .with_header(header("Content-Encoding", enc))
            .with_header(header("Vary", "Accept-Encoding"));
    }
    let _ = request.respond(response);
}

/// Maps a URL path to a file below `dir`, refusing anything that climbs out of it.
fn resolve(dir: &Path, url: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in Path::new(url.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => path.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "toml" | "md" | "py" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `cargo xtask serve [--port N] [--no-open]`.
pub fn command(args: &[&str]) -> Result<(), String> {
    let mut port = 8000;
    let mut open = true;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--port" => {
                port = it
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number")?
            }
            "--no-open" => open = false,
            other => return Err(format!("unknown option {other}")),
        }
    }
    site::build()?;
    let server = Server::start(&site::out_dir(), port)?;
    let url = server.url();
    eprintln!("\nrefscope is ready at {url}  (Ctrl+C to stop)\n");
    if open {
        // Best effort: a desktop opens its browser; a headless box just prints the URL.
        for opener in ["xdg-open", "open"] {
            if std::process::Command::new(opener).arg(&url).spawn().is_ok() {
                break;
            }
        }
    }
    loop {
        std::thread::park();
    }
}
