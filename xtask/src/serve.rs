//! A static file server for the built site: `cargo xtask serve` and the browser tests.
//!
//! It serves precompressed `.br`/`.gz` siblings when the browser accepts them (as a
//! production static host would) and sends `application/wasm` so streaming compilation
//! works. It only ever reads below the site directory.
//!
//! One thread per connection, one request per connection (`Connection: close`), and
//! timeouts on both directions. Browsers open sockets they never send on (preconnects)
//! and abandon downloads; each of those may hold only its own thread, and only for
//! [`IDLE`]. The server this replaced (tiny_http 0.12) handed connections to a thread
//! pool whose hand-off races: a new connection could queue behind an idle one, and the
//! page load then hung on one small file (about one CI run in three; reproduced with a
//! burst of idle sockets).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::site;

/// How long a connection may sit without sending its request or reading its response.
const IDLE: Duration = Duration::from_secs(20);
/// The longest request head accepted; the browser's are about 1 KB.
const MAX_HEAD: usize = 16 * 1024;

/// A running server; it stops accepting when dropped.
pub struct Server {
    stop: Arc<AtomicBool>,
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
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let stop = Arc::new(AtomicBool::new(false));
        {
            let stop = stop.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let mounts = mounts.clone();
                    std::thread::spawn(move || {
                        // A failed connection (reset, timed out) concerns only its client.
                        let _ = serve_one(&mounts, stream);
                    });
                }
            });
        }
        Ok(Server { stop, port })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// The parts of a request the server uses.
struct Request {
    method: String,
    path: String,
    accept_encoding: String,
}

/// Reads one request head from `stream`; `None` when the client closed or sent garbage.
fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let accept_encoding = req
                    .headers
                    .iter()
                    .filter(|h| h.name.eq_ignore_ascii_case("accept-encoding"))
                    .map(|h| String::from_utf8_lossy(h.value).into_owned())
                    .collect::<Vec<_>>()
                    .join(",");
                return Ok(Some(Request {
                    method: req.method.unwrap_or("").to_owned(),
                    path: req.path.unwrap_or("/").to_owned(),
                    accept_encoding,
                }));
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            _ => return Ok(None),
        }
    }
}

fn serve_one(mounts: &[(String, PathBuf)], mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    stream.set_nodelay(true)?;
    let Some(request) = read_request(&mut stream)? else {
        return Ok(());
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        return respond_text(&mut stream, "405 Method Not Allowed", "GET or HEAD only");
    }
    let url = request.path.split(['?', '#']).next().unwrap_or("/");
    let found = mounts.iter().find_map(|(prefix, dir)| {
        let rest = url.strip_prefix(prefix.as_str())?;
        resolve(dir, rest)
    });
    let Some(path) = found else {
        return respond_text(&mut stream, "404 Not Found", "not found");
    };
    let accepts = |enc: &str| {
        request.accept_encoding.split(',').any(|e| {
            // "br;q=1.0" names the coding before its parameters.
            e.split(';').next().unwrap_or("").trim() == enc
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
    let Ok(mut file) = std::fs::File::open(&chosen.0) else {
        return respond_text(&mut stream, "404 Not Found", "not found");
    };
    let len = file.metadata()?.len();
    let mut head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        mime(&path)
    );
    if let Some(enc) = chosen.1 {
        head.push_str(&format!(
            "Content-Encoding: {enc}\r\nVary: Accept-Encoding\r\n"
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        std::io::copy(&mut file, &mut stream)?;
    }
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)
}

fn respond_text(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes())?;
    stream.shutdown(std::net::Shutdown::Write)
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
