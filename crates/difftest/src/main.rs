//! `difftest` (`cargo xtask difftest`): generated programs, or given ones, in CPython 3.13
//! and in the engine; prints the agreement and writes each differing program with its
//! report and a shrunk copy.

use std::path::PathBuf;
use std::process::ExitCode;

use refscope_difftest::run::{judge, Tally};
use refscope_difftest::{cpython, gen, sample, shrink};

const USAGE: &str = "usage: difftest [options] [FILE.py ...]
  --seed S          the generator's seed (default 1)
  --count N         programs to generate (default 200)
  --first I         the first program's index (default 0)
  --out DIR         where differing programs and their reports go
                    (default target/difftest/seed-S)
  --shrink K        shrink at most K differing programs (default 10)
  --jobs J          programs recorded at once (default 2)
  --print I         print generated program I and stop
  --write-sample F  record programs 0..N of the seed into the CI sample F and stop
With FILE.py arguments, compares those programs instead of generated ones.";

struct Args {
    seed: u64,
    count: u32,
    first: u32,
    out: Option<PathBuf>,
    shrink: usize,
    jobs: usize,
    print: Option<u32>,
    write_sample: Option<PathBuf>,
    files: Vec<PathBuf>,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        seed: 1,
        count: 200,
        first: 0,
        out: None,
        shrink: 10,
        jobs: 2,
        print: None,
        write_sample: None,
        files: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{v}: {e}"));
        match arg.as_str() {
            "--seed" => a.seed = number(value()?)?,
            "--count" => a.count = number(value()?)? as u32,
            "--first" => a.first = number(value()?)? as u32,
            "--out" => a.out = Some(value()?.into()),
            "--shrink" => a.shrink = number(value()?)? as usize,
            "--jobs" => a.jobs = number(value()?)?.max(1) as usize,
            "--print" => a.print = Some(number(value()?)? as u32),
            "--write-sample" => a.write_sample = Some(value()?.into()),
            "-h" | "--help" => return Err(String::new()),
            f if !f.starts_with('-') => a.files.push(f.into()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("difftest: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("difftest: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    if let Some(i) = args.print {
        print!("{}", gen::program(args.seed, i));
        return Ok(());
    }
    if let Some(path) = &args.write_sample {
        sample::write(path, args.seed, args.count, args.jobs)?;
        eprintln!(
            "difftest: wrote {} programs to {}",
            args.count,
            path.display()
        );
        return Ok(());
    }
    let programs: Vec<(String, String)> = match args.files.is_empty() {
        true => (args.first..args.first + args.count)
            .map(|i| (sample::name(args.seed, i), gen::program(args.seed, i)))
            .collect(),
        false => (args.files.iter())
            .map(|p| {
                let name = p
                    .file_stem()
                    .map_or("program".into(), |s| s.to_string_lossy());
                let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
                text.map(|t| (name.into_owned(), t))
            })
            .collect::<Result<_, _>>()?,
    };
    let started = std::time::Instant::now();
    let (recordings, version) = cpython::record(&programs, args.jobs)?;
    let recorded_in = started.elapsed();
    let judged = judge(&programs, &recordings, args.jobs);
    let tally = Tally::new(&judged);
    let what = match args.files.is_empty() {
        true => format!(
            "seed {}, programs {}..{}",
            args.seed,
            args.first,
            args.first + args.count
        ),
        false => format!("{} files", programs.len()),
    };
    println!(
        "difftest: {what} against {version} (CPython {:.1} s, engine {:.1} s)",
        recorded_in.as_secs_f64(),
        (started.elapsed() - recorded_in).as_secs_f64()
    );
    print!("{tally}");
    let out = args.out.unwrap_or_else(|| {
        cpython::repo_root()
            .join("target/difftest")
            .join(format!("seed-{}", args.seed))
    });
    let differing: Vec<_> = (judged.iter())
        .filter(|j| j.verdict.as_ref().is_some_and(|v| !v.agrees()))
        .collect();
    if differing.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut shrunk = 0;
    for j in &differing {
        let v = j.verdict.as_ref().expect("filtered above");
        let base = out.join(&j.name);
        let mut report = v.report();
        if shrunk < args.shrink {
            if let Some(kind) = shrink::target(v) {
                let ends = recordings[&j.name]["uncaught"]["type"]
                    .as_str()
                    .unwrap_or("none")
                    .to_owned();
                let small = shrink::shrink(&j.source, kind, &ends, 400);
                report.push_str(&format!(
                    "## shrunk (still differs in {}): {}.min.py\n",
                    kind.name(),
                    j.name
                ));
                write(&base.with_extension("min.py"), &small)?;
                shrunk += 1;
            }
        }
        write(&base.with_extension("py"), &j.source)?;
        write(&base.with_extension("txt"), &report)?;
    }
    println!(
        "  {} differing programs written to {} ({shrunk} shrunk)",
        differing.len(),
        out.display()
    );
    Ok(())
}

fn write(path: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
