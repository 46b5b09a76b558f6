//! Top-k BM25 over tracuu's tantivy index, its segments searched side by side.
//!
//! The tantivy Python package searches one query in one thread, through a MultiCollector, and
//! builds a Python object per hit. At 1M chunks a tracuu query (the OR of ~100 weighted term
//! clauses) walks 1–17M postings, and 81% of them are single syllables' (the commonest in 30–80%
//! of chunks), so its time is scoring every posting. This module scores them term at a time: each
//! clause's postings read block by block and its BM25 scores (tantivy's own weights) added into
//! one sum per document of the segment, then the sums scanned for the best k (a document filter
//! tested only for the chunks that would enter them), the segments split over threads with a
//! floor shared between their heaps. Same scores as tantivy's union scorer to the bit (the
//! clauses are summed in the same order); at 1M chunks the top 100 in 8.3 ms p50 against the
//! union's 12.9 on the same two threads (docs/decisions.md). Dynamic pruning was measured and left
//! out: block-max WAND and MaxScore, with tantivy's bounds, were no faster than scoring every
//! posting. Python builds the clauses; this module runs them.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU32, Ordering as AtomicOrdering};

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Bm25Weight, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, FieldType, IndexRecordOption, Schema};
use tantivy::{DocAddress, Index, ReloadPolicy, Score, Searcher as TantivySearcher, SegmentReader, Term};

const ID_FIELD: &str = "chunk_id";
const DOC_FIELD: &str = "doc_id";
const NO_FLOOR: u32 = 0; // the bits of 0.0: no thread has k hits above 0 yet

fn os_error(what: &str, error: impl std::fmt::Display) -> PyErr {
    PyOSError::new_err(format!("{what}: {error}"))
}

/// One point-in-time view of the index: later commits are not seen (open a new one for them).
#[pyclass(frozen)]
struct Searcher {
    searcher: TantivySearcher,
    schema: Schema,
    chunk_ids: Vec<Column<i64>>, // per segment, in the searcher's segment order
    threads: usize,
}

impl Searcher {
    fn field(&self, name: &str) -> PyResult<Field> {
        self.schema
            .get_field(name)
            .map_err(|_| PyValueError::new_err(format!("the index has no field '{name}'")))
    }

    fn term(&self, field_name: &str, text: &str) -> PyResult<Term> {
        let field = self.field(field_name)?;
        match self.schema.get_field_entry(field).field_type() {
            FieldType::Str(_) => Ok(Term::from_field_text(field, text)),
            _ => Err(PyValueError::new_err(format!("field '{field_name}' is not a text field"))),
        }
    }

    /// ``query`` restricted to the chunks of ``doc_ids`` (the filter adds nothing to scores).
    fn restricted(&self, query: Box<dyn Query>, doc_ids: Option<Vec<i64>>) -> PyResult<Box<dyn Query>> {
        let Some(doc_ids) = doc_ids else { return Ok(query) };
        let field = self.field(DOC_FIELD)?;
        let allowed = TermSetQuery::new(doc_ids.into_iter().map(|id| Term::from_field_i64(field, id)));
        Ok(Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(allowed), 0.0))),
        ])))
    }

    /// The best ``limit`` chunks of ``query`` as (chunk_id, score), best first, through tantivy's union.
    fn top(&self, query: &dyn Query, limit: usize) -> tantivy::Result<Vec<(i64, Score)>> {
        let weight = query.weight(EnableScoring::enabled_from_searcher(&self.searcher))?;
        self.top_by_segment(limit, |segment, ord, top| {
            let alive = segment.alive_bitset();
            weight.for_each(segment, &mut |doc, score| {
                if score > top.threshold() && alive.is_none_or(|a| a.is_alive(doc)) {
                    top.push(score, DocAddress::new(ord, doc));
                }
            })
        })
    }

    /// The best ``limit`` chunks of the OR of weighted ``clauses``, term at a time: each clause's
    /// postings read block by block and its BM25 scores added into one score per document of the
    /// segment, then the segment's scores scanned for the best, ``doc_ids`` keeping only those
    /// documents' chunks. Same scores as tantivy's union (its own BM25 weights, the clauses summed
    /// in the same order).
    fn top_accumulated(&self, clauses: &[(Term, Score)], limit: usize, doc_ids: Option<Vec<i64>>) -> tantivy::Result<Vec<(i64, Score)>> {
        let mut weights = Vec::with_capacity(clauses.len());
        for (term, boost) in clauses {
            weights.push((term, Bm25Weight::for_terms(&self.searcher, std::slice::from_ref(term))?.boost_by(*boost)));
        }
        // the documents kept, as bits by document id (null: every document)
        let kept: Option<Vec<u64>> = doc_ids.map(|ids| {
            let size = ids.iter().copied().filter(|&id| id >= 0).max().map_or(0, |max| max as usize / 64 + 1);
            let mut bits = vec![0u64; size];
            for id in ids.into_iter().filter(|&id| id >= 0) {
                bits[id as usize / 64] |= 1 << (id % 64);
            }
            bits
        });
        self.top_by_segment(limit, |segment, ord, top| {
            // a chunk's document read (from the fast field) only for the few chunks scoring high
            // enough to enter the best k, not for every chunk: a filter costs almost nothing
            let filter = match &kept {
                None => None,
                Some(bits) => Some((bits, segment.fast_fields().i64(DOC_FIELD)?)),
            };
            let mut scores = vec![0.0 as Score; segment.max_doc() as usize];
            for (term, weight) in &weights {
                let Some(mut postings) = segment.inverted_index(term.field())?.read_block_postings(term, IndexRecordOption::WithFreqs)? else {
                    continue;
                };
                let fieldnorms = segment.get_fieldnorms_reader(term.field())?;
                while postings.block_len() > 0 {
                    for (&doc, &freq) in postings.docs().iter().zip(postings.freqs()) {
                        scores[doc as usize] += weight.score(fieldnorms.fieldnorm_id(doc), freq);
                    }
                    postings.advance();
                }
            }
            let alive = segment.alive_bitset();
            let mut threshold = top.threshold();
            for (doc, &score) in scores.iter().enumerate() {
                if score > threshold
                    && score > 0.0
                    && alive.is_none_or(|a| a.is_alive(doc as u32))
                    && filter.as_ref().is_none_or(|(bits, documents)| documents.first(doc as u32).is_some_and(|id| holds(bits, id)))
                {
                    top.push(score, DocAddress::new(ord, doc as u32));
                    threshold = top.threshold();
                }
            }
            Ok(())
        })
    }

    /// Runs ``search_segment`` over the segments split between threads, each thread with its own
    /// best-k heap and the floor shared, and merges the heaps into chunk ids.
    fn top_by_segment<F>(&self, limit: usize, search_segment: F) -> tantivy::Result<Vec<(i64, Score)>>
    where
        F: Fn(&SegmentReader, u32, &mut TopK) -> tantivy::Result<()> + Sync,
    {
        let segments = self.searcher.segment_readers();
        let floor = AtomicU32::new(NO_FLOOR);
        let run = |share: &[usize]| -> tantivy::Result<TopK> {
            let mut top = TopK::new(limit, &floor);
            for &ord in share {
                search_segment(&segments[ord], ord as u32, &mut top)?;
            }
            Ok(top)
        };
        let shares = shares(segments, self.threads);
        let tops: Vec<TopK> = if shares.len() == 1 {
            vec![run(&shares[0])?]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = shares.iter().map(|share| scope.spawn(|| run(share))).collect();
                handles
                    .into_iter()
                    .map(|handle| handle.join().expect("a search thread panicked"))
                    .collect::<tantivy::Result<Vec<_>>>()
            })?
        };
        let mut hits: Vec<Hit> = tops.into_iter().flat_map(|top| top.heap.into_iter().map(|Reverse(hit)| hit)).collect();
        hits.sort_by(|a, b| b.cmp(a));
        hits.truncate(limit);
        hits.into_iter()
            .map(|Hit(score, address)| {
                self.chunk_ids[address.segment_ord as usize]
                    .first(address.doc_id)
                    .map(|id| (id, score))
                    .ok_or_else(|| tantivy::TantivyError::InternalError(format!("a matching document has no {ID_FIELD}")))
            })
            .collect()
    }
}

/// Whether the bits by document id hold ``id``.
fn holds(bits: &[u64], id: i64) -> bool {
    id >= 0 && bits.get(id as usize / 64).is_some_and(|word| word & (1 << (id % 64)) != 0)
}

/// Segment ordinals for each thread: the largest segment first, each to the least loaded thread.
fn shares(segments: &[SegmentReader], threads: usize) -> Vec<Vec<usize>> {
    let threads = threads.clamp(1, segments.len().max(1));
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_by_key(|&i| Reverse(segments[i].max_doc()));
    let mut shares: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); threads];
    for i in order {
        let least = shares.iter_mut().min_by_key(|share| share.0).expect("one thread at least");
        least.0 += segments[i].max_doc() as u64;
        least.1.push(i);
    }
    shares.into_iter().map(|(_, share)| share).filter(|share| !share.is_empty()).collect()
}

#[pymethods]
impl Searcher {
    /// ``threads``: how many segments one query searches at once (1: in the caller's thread).
    #[new]
    #[pyo3(signature = (path, threads=1))]
    fn new(path: &str, threads: usize) -> PyResult<Self> {
        let index = Index::open_in_dir(path).map_err(|e| os_error(&format!("cannot open the tantivy index {path}"), e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| os_error(&format!("cannot read the tantivy index {path}"), e))?;
        let searcher = reader.searcher();
        let chunk_ids = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().i64(ID_FIELD))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(|e| os_error(&format!("the index {path} has no fast field '{ID_FIELD}'"), e))?;
        Ok(Searcher { schema: index.schema(), searcher, chunk_ids, threads: threads.max(1) })
    }

    /// The top ``limit`` chunks for the OR of weighted term clauses ``(field, term, boost)``, as
    /// ``(chunk_id, score)``, best first; ``doc_ids`` keeps only those documents' chunks.
    /// ``union``: through tantivy's union scorer instead (same result; for tests and benchmarks).
    #[pyo3(signature = (clauses, limit, doc_ids=None, union=false))]
    fn search(
        &self,
        py: Python<'_>,
        clauses: Vec<(String, String, f32)>,
        limit: usize,
        doc_ids: Option<Vec<i64>>,
        union: bool,
    ) -> PyResult<Vec<(i64, Score)>> {
        if clauses.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut terms = Vec::with_capacity(clauses.len());
        for (field_name, text, boost) in &clauses {
            terms.push((self.term(field_name, text)?, *boost));
        }
        if !union {
            return py.detach(|| self.top_accumulated(&terms, limit, doc_ids)).map_err(|e| os_error("tantivy search failed", e));
        }
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(terms.len());
        for (term, boost) in terms {
            let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            should.push((Occur::Should, if boost == 1.0 { query } else { Box::new(BoostQuery::new(query, boost)) }));
        }
        let query = self.restricted(Box::new(BooleanQuery::new(should)), doc_ids)?;
        py.detach(|| self.top(query.as_ref(), limit)).map_err(|e| os_error("tantivy search failed", e))
    }

    /// Chunk ids (unranked) whose fields hold every ``(field, term)``: candidates for a phrase
    /// or a code, which the caller verifies against the text.
    #[pyo3(signature = (required, limit, doc_ids=None))]
    fn containing(
        &self,
        py: Python<'_>,
        required: Vec<(String, String)>,
        limit: usize,
        doc_ids: Option<Vec<i64>>,
    ) -> PyResult<Vec<i64>> {
        if required.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(required.len());
        for (field_name, text) in &required {
            must.push((Occur::Must, Box::new(TermQuery::new(self.term(field_name, text)?, IndexRecordOption::Basic))));
        }
        let query = ConstScoreQuery::new(self.restricted(Box::new(BooleanQuery::new(must)), doc_ids)?, 1.0);
        let hits = py.detach(|| self.top(&query, limit)).map_err(|e| os_error("tantivy search failed", e))?;
        Ok(hits.into_iter().map(|(id, _score)| id).collect())
    }

    /// How many chunks hold ``term`` in ``field_name`` (deleted chunks not yet merged away
    /// included, as in BM25's idf).
    fn doc_freq(&self, field_name: &str, term: &str) -> PyResult<u64> {
        let term = self.term(field_name, term)?;
        self.searcher.doc_freq(&term).map_err(|e| os_error("tantivy doc_freq failed", e))
    }

    /// The chunk id of every live document (the index check's view of what the index holds).
    fn chunk_ids(&self, py: Python<'_>) -> Vec<i64> {
        py.detach(|| {
            let mut ids = Vec::with_capacity(self.searcher.num_docs() as usize);
            for (segment, column) in self.searcher.segment_readers().iter().zip(&self.chunk_ids) {
                ids.extend(segment.doc_ids_alive().filter_map(|doc| column.first(doc)));
            }
            ids
        })
    }

    #[getter]
    fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }
}

/// A hit ordered best first: higher score, then the lower address.
#[derive(PartialEq)]
struct Hit(Score, DocAddress);

impl Eq for Hit {}

impl Ord for Hit {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then_with(|| other.1.cmp(&self.1))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best ``k`` hits one thread has seen. ``floor`` is the highest k-th score any thread has
/// reached: a hit at or under it cannot enter the overall top k, so every thread skips it.
struct TopK<'a> {
    k: usize,
    heap: BinaryHeap<Reverse<Hit>>,
    floor: &'a AtomicU32,
}

impl<'a> TopK<'a> {
    fn new(k: usize, floor: &'a AtomicU32) -> Self {
        TopK { k, heap: BinaryHeap::with_capacity(k + 1), floor }
    }

    fn own_threshold(&self) -> Score {
        if self.heap.len() < self.k { Score::NEG_INFINITY } else { self.heap.peek().map_or(Score::NEG_INFINITY, |h| h.0 .0) }
    }

    /// A hit must score above this to enter.
    fn threshold(&self) -> Score {
        match self.floor.load(AtomicOrdering::Relaxed) {
            NO_FLOOR => self.own_threshold(),
            bits => self.own_threshold().max(f32::from_bits(bits)),
        }
    }

    fn push(&mut self, score: Score, address: DocAddress) {
        if self.heap.len() == self.k {
            if score <= self.own_threshold() {
                return;
            }
            self.heap.pop();
        }
        self.heap.push(Reverse(Hit(score, address)));
        let own = self.own_threshold();
        if own > 0.0 {
            // positive floats order as their bits do (BM25 scores are positive)
            self.floor.fetch_max(own.to_bits(), AtomicOrdering::Relaxed);
        }
    }
}

#[pymodule]
fn tantivy_topk(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Searcher>()?;
    Ok(())
}
