// omnigraph: the command-line shell over the embedded engine (surface.md §1).
//
// Every graph-targeting command takes the graph as a positional URI or --store. Errors go to stderr
// as "error[<Code>]: <message>"; the exit code is 0 on success, 4 for a failed precondition, 1 otherwise.
// `--io-stats` (before or after the subcommand) prints the object-store request counters to stderr
// as one JSON line when the command ends.
#include <unistd.h>

#include <fstream>
#include <map>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/render.h"
#include "omnigraph/omnigraph.h"

namespace og::cli {
namespace {

Result<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(what, " file '", path, "' cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "30s", "15m", "2h", "7d", "1w" → milliseconds.
Result<int64_t> ParseDuration(const std::string& text) {
  size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(text, &used);
  } catch (...) {
  }
  std::string unit = used < text.size() ? text.substr(used) : "";
  static const std::map<std::string, int64_t> kUnits = {
      {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}, {"w", 604800000}};
  auto it = kUnits.find(unit);
  if (n < 0 || it == kUnits.end()) {
    return Status::BadRequest("invalid duration '", text, "' (use a number with s, m, h, d or w, e.g. 7d)");
  }
  return static_cast<int64_t>(n) * it->second;
}

// The graph a command targets: a positional URI or --store (exactly one).
Result<std::string> GraphUri(const std::string& positional, const std::string& store) {
  if (!positional.empty() && !store.empty() && positional != store) {
    return Status::BadRequest("give the graph either as a positional URI or with --store, not both");
  }
  std::string uri = positional.empty() ? store : positional;
  if (uri.empty()) return Status::BadRequest("no graph given: pass a URI or --store URI");
  if (uri.rfind("http://", 0) == 0 || uri.rfind("https://", 0) == 0) {
    return Status::BadRequest("a remote graph must be addressed with --server <url>");
  }
  return uri;
}

Result<nlohmann::json> ParseParams(const std::string& inline_json, const std::string& file) {
  if (!inline_json.empty() && !file.empty()) {
    return Status::BadRequest("give --params or --params-file, not both");
  }
  std::string text = inline_json;
  std::string origin = "--params";
  if (!file.empty()) {
    OG_ASSIGN_OR_RAISE(text, ReadFile(file, "params"));
    origin = file;
  }
  if (text.empty()) return nlohmann::json::object();
  OG_ASSIGN_OR_RAISE(nlohmann::json j, ParseUserJson(text, origin));
  if (!j.is_object()) return Status::BadRequest(origin, ": parameters must be a JSON object");
  return j;
}

// The options every query-running command shares: which query, from where, with what parameters.
struct QueryInput {
  std::string name, store, file, inline_source, params, params_file;

  void AddTo(CLI::App* cmd) {
    cmd->add_option("name", name, "which query of the source to run");
    cmd->add_option("--store", store, "the graph")->required();
    cmd->add_option("--query", file, "a .gq file");
    cmd->add_option("-e,--query-string", inline_source, "inline .gq source");
    cmd->add_option("--params", params, "parameters as a JSON object");
    cmd->add_option("--params-file", params_file, "a file holding the parameters JSON object");
  }

  /// The .gq source text (from --query or -e, exactly one) and the parameters object.
  Result<std::pair<std::string, nlohmann::json>> Resolve() const {
    if (file.empty() == inline_source.empty()) {
      return Status::BadRequest("give exactly one of --query FILE or -e SOURCE");
    }
    std::string source = inline_source;
    if (!file.empty()) {
      OG_ASSIGN_OR_RAISE(source, ReadFile(file, "query"));
    }
    if (source.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::BadRequest("the query source is empty");
    }
    OG_ASSIGN_OR_RAISE(nlohmann::json p, ParseParams(params, params_file));
    return std::make_pair(std::move(source), std::move(p));
  }
};

// Where a read looks: --branch (default main), optionally at --version N, or --snapshot COMMIT.
struct TargetInput {
  std::string branch, snapshot;
  int64_t version = -1;

  void AddTo(CLI::App* cmd) {
    cmd->add_option("--branch", branch, "branch to read (default main)");
    cmd->add_option("--snapshot", snapshot, "commit id to read instead of a branch head");
    cmd->add_option("--version", version, "version (ref sequence number) of the branch to read");
  }

  Result<ReadTarget> Resolve() const {
    if (!branch.empty() && !snapshot.empty()) {
      return Status::BadRequest("give --branch or --snapshot, not both");
    }
    if (version >= 0 && !snapshot.empty()) {
      return Status::BadRequest("give --version or --snapshot, not both");
    }
    ReadTarget t;
    if (!branch.empty()) t.branch = branch;
    t.snapshot = snapshot;
    if (version >= 0) t.version = static_cast<uint64_t>(version);
    return t;
  }
};

// Filters of commit changes / diff.
struct ChangeFilterInput {
  ChangeFilter filter;
  void AddTo(CLI::App* cmd) {
    cmd->add_option("--kind", filter.kinds, "only node or edge changes (repeatable)");
    cmd->add_option("--type", filter.types, "only these types (repeatable)");
    cmd->add_option("--op", filter.ops, "only insert, update or delete (repeatable)");
  }
};

void PrintChanges(const std::vector<EntityChangeInfo>& changes, bool json, std::ostream& out) {
  if (json) {
    OrderedJson arr = OrderedJson::array();
    for (const auto& c : changes) arr.push_back(c.ToJson());
    out << JsonText(OrderedJson{{"changes", arr}}, 2) << std::endl;
    return;
  }
  for (const auto& c : changes) {
    out << c.op << "\t" << c.kind << "\t" << c.type << "\t" << c.id;
    if (!c.before.is_null()) out << "\tbefore " << JsonText(c.before);
    if (!c.after.is_null()) out << "\tafter " << JsonText(c.after);
    out << "\n";
  }
  out << changes.size() << " changes" << std::endl;
}

struct Globals {
  bool io_stats = false;
  std::string actor;
  std::string query_memory_limit;  // --query-memory-limit
  int64_t query_timeout_ms = 0;    // --query-timeout-ms
  // The graph the command opened; kept until the command ends so --io-stats can report it.
  std::unique_ptr<Graph> graph;

  /// Open the graph named by a positional URI or --store.
  Result<Graph*> Open(const std::string& positional, const std::string& store) {
    OG_ASSIGN_OR_RAISE(std::string uri, GraphUri(positional, store));
    OG_ASSIGN_OR_RAISE(graph, Graph::Open(uri));
    QueryLimits limits;
    if (!query_memory_limit.empty()) {
      auto bytes = ParseByteSize(query_memory_limit);
      if (!bytes.ok()) return bytes.status().Prepend("--query-memory-limit: ");
      limits.memory_bytes = *bytes;
    }
    if (query_timeout_ms < 0) return Status::BadRequest("--query-timeout-ms must not be negative");
    limits.timeout_ms = query_timeout_ms;
    graph->SetQueryLimits(limits);
    return graph.get();
  }
};

// "error[<Code>]: <message>": the code (BadRequest, Conflict, ...) tells scripts and the test runner
// which kind of failure it was without parsing the message.
int Fail(const Status& st) {
  std::cerr << "error[" << StatusCodeName(st.code()) << "]: " << st.message() << std::endl;
  return ExitCodeFor(st.code());
}

// A load's progress as a bar on stderr, redrawn when the percentage changes.
std::function<void(size_t, size_t)> ProgressBar() {
  return [last = -1](size_t done, size_t total) mutable {
    int pct = total ? static_cast<int>(done * 100 / total) : 100;
    if (pct == last) return;
    last = pct;
    int bars = pct / 4;
    std::cerr << "\rloading [" << std::string(bars, '#') << std::string(25 - bars, ' ') << "] "
              << (pct < 10 ? "  " : pct < 100 ? " " : "") << pct << "%" << (pct == 100 ? "\n" : "")
              << std::flush;
  };
}

// CLI11 reports a word that is no subcommand as "A subcommand is required"; name the word, and
// the command it was given to, so a typo says what was typed.
std::string UsageErrorMessage(CLI::App& app, const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr &&
      std::string(e.what()).find("subcommand") != std::string::npos) {
    CLI::App* parent = &app;
    for (CLI::App* sub = parent; sub != nullptr;) {
      auto parsed = sub->get_subcommands();
      sub = parsed.empty() ? nullptr : parsed.front();
      if (sub != nullptr) parent = sub;
    }
    std::string where = parent == &app ? "" : " of '" + parent->get_name() + "'";
    for (const std::string& word : app.remaining(true)) {
      if (word.empty() || word[0] == '-') continue;
      std::string shown = word.size() > 64 ? word.substr(0, 64) + "..." : word;  // bounded echo
      return "unknown subcommand '" + shown + "'" + where;
    }
    std::string names;
    for (const CLI::App* sub : parent->get_subcommands({})) {
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    return (parent == &app ? std::string("a subcommand is required") : "'" + parent->get_name() +
                                                                        "' needs a subcommand") +
           " (one of: " + names + ")";
  }
  return e.what();
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"omnigraph: a typed property-graph database with branches, commits and search"};
  app.require_subcommand(1);
  app.fallthrough();
  Globals g;
  app.add_flag("--io-stats", g.io_stats, "print object-store request counters to stderr as JSON");
  app.add_option("--as", g.actor, "actor recorded on commits made by this command");
  app.add_option("--query-memory-limit", g.query_memory_limit,
                 "working memory a read query may use (e.g. 512MiB, 4GiB; default "
                 "OMNIGRAPH_QUERY_MEMORY_LIMIT or 2GiB)");
  app.add_option("--query-timeout-ms", g.query_timeout_ms,
                 "wall-time limit of a read query in ms (default OMNIGRAPH_QUERY_TIMEOUT_MS or none)");
  app.set_version_flag("-V,--version", std::string("omnigraph ") + Version());

  int rc = 0;
  auto run = [&rc](auto fn) {
    return [&rc, fn]() {
      Status st = fn();
      if (!st.ok()) rc = Fail(st);
    };
  };

  // init
  std::string init_schema, init_uri;
  auto* init = app.add_subcommand("init", "create a new graph from a .pg schema");
  init->add_option("--schema", init_schema, "the .pg schema file")->required();
  init->add_option("uri", init_uri, "where to create the graph (directory or file:// URI)")->required();
  init->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(std::string source, ReadFile(init_schema, "schema"));
    OG_ASSIGN_OR_RAISE(g.graph, Graph::Init(init_uri, source, init_schema));
    std::cout << "initialized graph at " << g.graph->uri() << std::endl;
    return Status::OK();
  }));

  // load
  std::string load_uri, load_store, load_data, load_mode, load_branch;
  bool load_json = false;
  auto* load = app.add_subcommand("load", "load a JSONL file as one atomic commit");
  load->add_option("uri", load_uri, "the graph");
  load->add_option("--store", load_store, "the graph (instead of the positional URI)");
  load->add_option("--data", load_data, "the JSONL data file")->required();
  load->add_option("--mode", load_mode, "overwrite | append | merge")->required();
  load->add_option("--branch", load_branch, "branch to load into (default main)");
  std::string load_from;
  load->add_option("--from", load_from, "fork a missing --branch from this branch first");
  load->add_flag("--json", load_json, "print the load summary as JSON");
  load->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(LoadMode mode, ParseLoadMode(load_mode));
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(load_uri, load_store));
    std::cerr << "omnigraph load \xE2\x86\x92 " << graph->uri() << " (direct, local)" << std::endl;
    LoadOptions opts;
    if (!load_branch.empty()) opts.branch = load_branch;
    opts.from = load_from;
    opts.actor = g.actor;
    if (isatty(STDERR_FILENO) && !load_json) opts.progress = ProgressBar();
    OG_ASSIGN_OR_RAISE(LoadResult result, graph->Load(load_data, mode, opts));
    if (load_json) {
      std::cout << JsonText(result.ToJson(), 2) << std::endl;
    } else {
      int64_t nodes = 0, edges = 0;
      for (const auto& [t, n] : result.nodes_loaded) nodes += n;
      for (const auto& [t, n] : result.edges_loaded) edges += n;
      std::cout << "loaded " << nodes << " nodes and " << edges << " edges into branch "
                << result.branch << " (commit " << result.commit_id << ")" << std::endl;
    }
    return Status::OK();
  }));

  // query
  QueryInput q_in;
  TargetInput q_target;
  std::string q_format;
  bool q_json = false;
  auto* query = app.add_subcommand("query", "run a read query");
  query->alias("read");
  q_in.AddTo(query);
  q_target.AddTo(query);
  query->add_option("--format", q_format, "table | kv | csv | jsonl | json");
  query->add_flag("--json", q_json, "same as --format json");
  query->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(ReadTarget target, q_target.Resolve());
    OutputFormat format = OutputFormat::kTable;
    if (q_json) format = OutputFormat::kJson;
    if (!q_format.empty()) {
      OG_ASSIGN_OR_RAISE(format, ParseOutputFormat(q_format));
    }
    OG_ASSIGN_OR_RAISE(auto input, q_in.Resolve());
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open("", q_in.store));
    OG_ASSIGN_OR_RAISE(QueryResult result,
                       graph->Query(input.first, q_in.name, input.second, target, q_in.file));
    RenderRead(result.ToJson(), format, std::cout);
    return Status::OK();
  }));

  // mutate
  QueryInput m_in;
  std::string m_branch, m_if_commit;
  bool m_json = false;
  auto* mutate = app.add_subcommand("mutate", "run a mutation (insert / update / delete) as one commit");
  mutate->alias("change");
  m_in.AddTo(mutate);
  mutate->add_option("--branch", m_branch, "branch to write (default main)");
  mutate->add_option("--if-commit", m_if_commit, "write only if the branch head is this commit");
  mutate->add_flag("--json", m_json, "print the result as JSON");
  mutate->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(auto input, m_in.Resolve());
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open("", m_in.store));
    MutateOptions opts;
    if (!m_branch.empty()) opts.branch = m_branch;
    opts.actor = g.actor;
    opts.if_commit = m_if_commit;
    auto result = graph->Mutate(input.first, m_in.name, input.second, opts, m_in.file);
    if (!result.ok()) {
      if (m_json && result.status().code() == StatusCode::PreconditionFailed) {
        std::cout << JsonText(ErrorOutputJson(result.status()), 2) << std::endl;
      }
      return result.status();
    }
    if (m_json) {
      std::cout << JsonText(result->ToJson(), 2) << std::endl;
    } else if (result->commit) {
      std::cout << "affected " << result->affected_nodes << " nodes and " << result->affected_edges
                << " edges on branch " << result->branch << " (commit " << result->commit->id << ")"
                << std::endl;
    } else {
      std::cout << "nothing changed on branch " << result->branch << std::endl;
    }
    return Status::OK();
  }));

  // snapshot
  std::string s_uri, s_store;
  TargetInput s_target;
  bool s_json = false;
  auto* snapshot = app.add_subcommand("snapshot", "show the tables of a branch head (or a version)");
  snapshot->add_option("uri", s_uri, "the graph");
  snapshot->add_option("--store", s_store, "the graph");
  s_target.AddTo(snapshot);
  snapshot->add_flag("--json", s_json, "print as JSON");
  snapshot->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(s_uri, s_store));
    OG_ASSIGN_OR_RAISE(ReadTarget target, s_target.Resolve());
    OG_ASSIGN_OR_RAISE(SnapshotInfo info, graph->Snapshot(target));
    if (s_json) {
      std::cout << JsonText(info.ToJson(), 2) << std::endl;
      return Status::OK();
    }
    std::cout << "branch " << info.branch << " at version " << info.version << " (commit "
              << info.commit_id << ")" << std::endl;
    for (const auto& t : info.tables) {
      std::cout << "  " << t.table_key << "  version " << t.version << "  rows " << t.row_count
                << std::endl;
    }
    return Status::OK();
  }));

  // export
  std::string x_uri, x_store;
  TargetInput x_target;
  std::vector<std::string> x_types;
  auto* exp = app.add_subcommand("export", "write a branch's entities as JSONL to stdout");
  exp->add_option("uri", x_uri, "the graph");
  exp->add_option("--store", x_store, "the graph");
  x_target.AddTo(exp);
  exp->add_option("--type", x_types, "only these node/edge types (repeatable)");
  exp->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(x_uri, x_store));
    OG_ASSIGN_OR_RAISE(ReadTarget target, x_target.Resolve());
    return graph->Export(target, x_types, std::cout);
  }));

  // commit list | show
  auto* commit = app.add_subcommand("commit", "inspect commits");
  commit->require_subcommand(1);
  std::string c_uri, c_store, c_branch;
  bool c_json = false;
  auto* clist = commit->add_subcommand("list", "commits of a branch, newest first");
  clist->add_option("uri", c_uri, "the graph");
  clist->add_option("--store,--uri", c_store, "the graph");
  clist->add_option("--branch", c_branch, "branch (default main)");
  clist->add_flag("--json", c_json, "print as JSON");
  clist->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(c_uri, c_store));
    OG_ASSIGN_OR_RAISE(auto commits, graph->ListCommits(c_branch.empty() ? "main" : c_branch));
    if (c_json) {
      OrderedJson arr = OrderedJson::array();
      for (const auto& c : commits) arr.push_back(c.ToJson());
      std::cout << JsonText(OrderedJson{{"commits", arr}}, 2) << std::endl;
      return Status::OK();
    }
    for (const auto& c : commits) {
      std::cout << c.id << "  v" << c.seq << "  " << c.kind
                << (c.actor.empty() ? "" : "  by " + c.actor) << std::endl;
    }
    return Status::OK();
  }));
  std::vector<std::string> cs_args;
  std::string cs_store;
  bool cs_json = false;
  auto* cshow = commit->add_subcommand("show", "one commit: parents, kind, actor, touched tables");
  cshow->add_option("args", cs_args, "[URI] COMMIT_ID")->expected(1, 2);
  cshow->add_option("--store,--uri", cs_store, "the graph");
  cshow->add_flag("--json", cs_json, "print as JSON");
  cshow->callback(run([&]() -> Status {
    std::string positional = cs_args.size() == 2 ? cs_args[0] : "";
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(positional, cs_store));
    OG_ASSIGN_OR_RAISE(CommitInfo c, graph->ShowCommit(cs_args.back()));
    if (cs_json) {
      std::cout << JsonText(c.ToJson(), 2) << std::endl;
      return Status::OK();
    }
    std::cout << "commit " << c.id << "\nbranch " << c.branch << "\nversion " << c.seq
              << "\nkind " << c.kind << "\nactor " << (c.actor.empty() ? "-" : c.actor)
              << "\ncreated_at_us " << c.created_at_us << "\nparents";
    for (const auto& p : c.parents) std::cout << " " << p;
    std::cout << "\ntouched";
    for (const auto& t : c.touched_tables) std::cout << " " << t;
    std::cout << std::endl;
    return Status::OK();
  }));

  std::vector<std::string> cc_args;
  std::string cc_store;
  ChangeFilterInput cc_filter;
  bool cc_json = false;
  auto* cchanges = commit->add_subcommand("changes", "the entities a commit changed vs its first parent");
  cchanges->add_option("args", cc_args, "[URI] COMMIT_ID")->expected(1, 2);
  cchanges->add_option("--store,--uri", cc_store, "the graph");
  cc_filter.AddTo(cchanges);
  cchanges->add_flag("--json", cc_json, "print as JSON");
  cchanges->callback(run([&]() -> Status {
    std::string positional = cc_args.size() == 2 ? cc_args[0] : "";
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(positional, cc_store));
    OG_ASSIGN_OR_RAISE(auto changes, graph->CommitChanges(cc_args.back(), cc_filter.filter));
    PrintChanges(changes, cc_json, std::cout);
    return Status::OK();
  }));

  // diff
  std::string d_uri, d_store, d_from, d_to;
  ChangeFilterInput d_filter;
  bool d_json = false;
  auto* diff = app.add_subcommand("diff", "the entities that differ between two commits (any branches)");
  diff->add_option("uri", d_uri, "the graph");
  diff->add_option("--store", d_store, "the graph");
  diff->add_option("--from", d_from, "the older commit id")->required();
  diff->add_option("--to", d_to, "the newer commit id")->required();
  d_filter.AddTo(diff);
  diff->add_flag("--json", d_json, "print as JSON");
  diff->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(d_uri, d_store));
    OG_ASSIGN_OR_RAISE(auto changes, graph->Diff(d_from, d_to, d_filter.filter));
    PrintChanges(changes, d_json, std::cout);
    return Status::OK();
  }));

  // entity
  std::vector<std::string> e_args;
  std::string e_store;
  TargetInput e_target;
  auto* entity = app.add_subcommand("entity", "print one entity (at a branch head, version or commit)");
  entity->add_option("args", e_args, "[URI] TYPE ID")->expected(2, 3);
  entity->add_option("--store", e_store, "the graph");
  e_target.AddTo(entity);
  entity->callback(run([&]() -> Status {
    std::string positional = e_args.size() == 3 ? e_args[0] : "";
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(positional, e_store));
    OG_ASSIGN_OR_RAISE(ReadTarget target, e_target.Resolve());
    OG_ASSIGN_OR_RAISE(OrderedJson row,
                       graph->EntityAt(target, e_args[e_args.size() - 2], e_args.back()));
    std::cout << JsonText(row, 2) << std::endl;
    return Status::OK();
  }));

  // branch create | list | delete | merge
  auto* branch = app.add_subcommand("branch", "create, list, delete and merge branches");
  branch->require_subcommand(1);
  std::vector<std::string> bc_args;
  std::string bc_store, bc_from;
  bool bc_json = false;
  auto* bcreate = branch->add_subcommand("create", "create a branch at the head of another (O(1))");
  bcreate->add_option("args", bc_args, "[URI] NAME")->expected(1, 2);
  bcreate->add_option("--store,--uri", bc_store, "the graph");
  bcreate->add_option("--from", bc_from, "the branch to start from (default main)");
  bcreate->add_flag("--json", bc_json, "print as JSON");
  bcreate->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(bc_args.size() == 2 ? bc_args[0] : "", bc_store));
    std::string from = bc_from.empty() ? "main" : bc_from;
    OG_RETURN_NOT_OK(graph->CreateBranch(bc_args.back(), from));
    if (bc_json) {
      OrderedJson out = {{"uri", graph->uri()}, {"name", bc_args.back()}, {"from", from},
                         {"actor_id", g.actor.empty() ? OrderedJson(nullptr) : OrderedJson(g.actor)}};
      std::cout << JsonText(out, 2) << std::endl;
    } else {
      std::cout << "created branch " << bc_args.back() << " from " << from << std::endl;
    }
    return Status::OK();
  }));
  std::string bl_uri, bl_store;
  bool bl_json = false;
  auto* blist = branch->add_subcommand("list", "live branches, sorted");
  blist->add_option("uri", bl_uri, "the graph");
  blist->add_option("--store,--uri", bl_store, "the graph");
  blist->add_flag("--json", bl_json, "print as JSON");
  blist->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(bl_uri, bl_store));
    OG_ASSIGN_OR_RAISE(auto names, graph->ListBranches());
    if (bl_json) {
      std::cout << JsonText(OrderedJson{{"branches", names}}, 2) << std::endl;
    } else {
      for (const auto& n : names) std::cout << n << std::endl;
    }
    return Status::OK();
  }));
  std::vector<std::string> bd_args;
  std::string bd_store;
  bool bd_json = false;
  auto* bdelete = branch->add_subcommand("delete", "delete a branch (not main)");
  bdelete->add_option("args", bd_args, "[URI] NAME")->expected(1, 2);
  bdelete->add_option("--store,--uri", bd_store, "the graph");
  bdelete->add_flag("--json", bd_json, "print as JSON");
  bdelete->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(bd_args.size() == 2 ? bd_args[0] : "", bd_store));
    OG_RETURN_NOT_OK(graph->DeleteBranch(bd_args.back()));
    if (bd_json) {
      std::cout << JsonText(OrderedJson{{"uri", graph->uri()}, {"name", bd_args.back()}}, 2) << std::endl;
    } else {
      std::cout << "deleted branch " << bd_args.back() << std::endl;
    }
    return Status::OK();
  }));
  std::vector<std::string> bm_args;
  std::string bm_store, bm_into;
  bool bm_json = false, bm_delete = false;
  auto* bmerge = branch->add_subcommand("merge", "three-way merge of a branch into another (one commit)");
  bmerge->add_option("args", bm_args, "[URI] SOURCE")->expected(1, 2);
  bmerge->add_option("--store,--uri", bm_store, "the graph");
  bmerge->add_option("--into", bm_into, "the target branch (default main)");
  bmerge->add_flag("--delete-branch", bm_delete, "delete the source after the merge");
  bmerge->add_flag("--json", bm_json, "print as JSON");
  bmerge->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(bm_args.size() == 2 ? bm_args[0] : "", bm_store));
    MergeOptions opts;
    if (!bm_into.empty()) opts.into = bm_into;
    opts.actor = g.actor;
    opts.delete_branch = bm_delete;
    auto result = graph->Merge(bm_args.back(), opts);
    if (!result.ok()) {
      const auto& detail = result.status().detail();
      if (detail && std::string(detail->type_id()) == MergeConflictsDetail::kTypeId) {
        if (bm_json) {
          std::cout << JsonText(ErrorOutputJson(result.status()), 2) << std::endl;
        } else {
          for (const auto& c : static_cast<const MergeConflictsDetail&>(*detail).conflicts()) {
            std::cerr << "conflict: " << c.message << std::endl;
          }
        }
      }
      return result.status();
    }
    if (bm_json) {
      std::cout << JsonText(result->ToJson(), 2) << std::endl;
    } else {
      std::cout << result->outcome << ": " << result->source << " into " << result->target;
      if (!result->commit_id.empty()) std::cout << " (commit " << result->commit_id << ")";
      std::cout << std::endl;
      if (result->branch_deleted) std::cout << "deleted branch " << result->source << std::endl;
      if (!result->branch_delete_error.empty()) {
        std::cerr << "warning: branch " << result->source
                  << " was not deleted: " << result->branch_delete_error << std::endl;
      }
    }
    return Status::OK();
  }));

  // lint
  std::string l_uri, l_store, l_schema, l_query;
  bool l_json = false;
  auto* lint = app.add_subcommand("lint", "check .gq queries against a schema");
  lint->add_option("uri", l_uri, "a graph whose schema to lint against");
  lint->add_option("--store", l_store, "the graph");
  lint->add_option("--schema", l_schema, "a .pg schema file (offline lint)");
  lint->add_option("--query", l_query, "the .gq file")->required();
  lint->add_flag("--json", l_json, "print the report as JSON");
  lint->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(std::string qsrc, ReadFile(l_query, "query"));
    nlohmann::json report;
    if (!l_schema.empty()) {
      OG_ASSIGN_OR_RAISE(std::string ssrc, ReadFile(l_schema, "schema"));
      OG_ASSIGN_OR_RAISE(report, LintQueries(ssrc, l_schema, qsrc, l_query));
    } else {
      OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(l_uri, l_store));
      OG_ASSIGN_OR_RAISE(report, graph->Lint(qsrc, l_query));
    }
    if (l_json) {
      std::cout << JsonText(report, 2) << std::endl;
    } else {
      std::cout << RenderLintText(report);
    }
    if (report.value("status", std::string("ok")) != "ok") rc = 1;
    return Status::OK();
  }));

  // cleanup
  std::string k_uri, k_store, k_older, k_grace;
  uint64_t k_keep = 0;
  bool k_confirm = false, k_json = false;
  auto* cleanup = app.add_subcommand("cleanup", "remove versions outside retention and orphaned files");
  cleanup->add_option("uri", k_uri, "the graph");
  cleanup->add_option("--store", k_store, "the graph");
  cleanup->add_option("--keep", k_keep, "keep the newest N versions of each branch");
  cleanup->add_option("--older-than", k_older, "remove versions older than this (e.g. 7d)");
  cleanup->add_option("--grace", k_grace, "never remove files younger than this (default 1h)");
  cleanup->add_flag("--confirm", k_confirm, "actually delete (otherwise only report)");
  cleanup->add_flag("--json", k_json, "print the report as JSON");
  cleanup->callback(run([&]() -> Status {
    CleanupOptions opts;
    if (cleanup->count("--keep")) opts.keep = k_keep;
    if (!k_older.empty()) {
      OG_ASSIGN_OR_RAISE(int64_t ms, ParseDuration(k_older));
      opts.older_than_ms = ms;
    }
    if (!k_grace.empty()) {
      OG_ASSIGN_OR_RAISE(opts.grace_ms, ParseDuration(k_grace));
    }
    opts.confirm = k_confirm;
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(k_uri, k_store));
    OG_ASSIGN_OR_RAISE(CleanupResult r, graph->Cleanup(opts));
    if (k_json) {
      std::cout << JsonText(r.ToJson(), 2) << std::endl;
      return Status::OK();
    }
    std::cout << (r.dry_run ? "would remove " : "removed ") << r.commits_removed << " commits, "
              << r.manifests_removed << " manifests, " << r.fragments_removed << " fragments, "
              << r.deletion_vectors_removed << " deletion vectors, " << r.other_removed
              << " other files (" << r.bytes_removed << " bytes); " << r.versions_retained
              << " versions retained" << (r.dry_run ? " (dry run: pass --confirm to delete)" : "")
              << std::endl;
    return Status::OK();
  }));

  // optimize
  std::string o_uri, o_store, o_branch;
  bool o_json = false;
  auto* optimize = app.add_subcommand("optimize", "compact small and mostly-deleted fragments (one commit)");
  optimize->add_option("uri", o_uri, "the graph");
  optimize->add_option("--store", o_store, "the graph");
  optimize->add_option("--branch", o_branch, "branch (default main)");
  optimize->add_flag("--json", o_json, "print as JSON");
  optimize->callback(run([&]() -> Status {
    OG_ASSIGN_OR_RAISE(Graph* graph, g.Open(o_uri, o_store));
    OG_ASSIGN_OR_RAISE(OptimizeResult r, graph->Optimize(o_branch.empty() ? "main" : o_branch, g.actor));
    if (o_json) {
      std::cout << JsonText(r.ToJson(), 2) << std::endl;
      return Status::OK();
    }
    for (const auto& t : r.tables) {
      std::cout << t.table_key << ": " << t.fragments_before << " -> " << t.fragments_after
                << " fragments (" << t.rows_rewritten << " rows rewritten)" << std::endl;
    }
    if (r.commit_id.empty()) {
      std::cout << "nothing to compact on branch " << r.branch << std::endl;
    } else {
      std::cout << "optimized branch " << r.branch << " (commit " << r.commit_id << ")" << std::endl;
    }
    return Status::OK();
  }));

  // failpoints
  auto* fps = app.add_subcommand("failpoints", "list the crash failpoints (arm with OMNIGRAPH_FAILPOINTS)");
  fps->callback([]() {
    for (const auto& [name, desc] : Failpoints()) std::cout << name << "\t" << desc << std::endl;
  });

  // embed (offline, over JSONL files)
  EmbedJsonlOptions e_opts;
  std::string e_seed, e_spec;
  bool e_json = false;
  auto* embed_cmd = app.add_subcommand("embed", "embed the vectors of a JSONL file's records (offline)");
  embed_cmd->add_option("--seed", e_seed, "a seed manifest (YAML): input, output and spec");
  embed_cmd->add_option("--input", e_opts.input, "the JSONL to read");
  embed_cmd->add_option("--output", e_opts.output, "the JSONL to write");
  embed_cmd->add_option("--spec", e_spec, "spec JSON file: {dimension, types: {T: {target, fields}}}");
  embed_cmd->add_option("--type", e_opts.types, "only records of this type (repeatable)");
  embed_cmd->add_option("--select", e_opts.selects, "only records with [Type:]field=value (repeatable)");
  embed_cmd->add_flag("--reembed-all", e_opts.reembed_all, "embed every record, not only missing vectors");
  embed_cmd->add_flag("--clean", e_opts.clean, "remove the target vectors instead");
  embed_cmd->add_flag("--json", e_json, "print the summary as JSON");
  embed_cmd->callback(run([&]() -> Status {
    EmbedJsonlOptions options = e_opts;
    if (!e_seed.empty()) {
      if (!e_opts.input.empty() || !e_opts.output.empty() || !e_spec.empty()) {
        return Status::BadRequest("give --seed, or --input, --output and --spec, not both");
      }
      OG_ASSIGN_OR_RAISE(options, EmbedOptionsFromSeedManifest(e_seed));
      options.types = e_opts.types;
      options.selects = e_opts.selects;
      options.reembed_all = e_opts.reembed_all;
      options.clean = e_opts.clean;
    } else {
      if (options.input.empty() || options.output.empty() || e_spec.empty()) {
        return Status::BadRequest("embed needs --seed, or --input, --output and --spec");
      }
      OG_ASSIGN_OR_RAISE(options.spec_json, ReadFile(e_spec, "spec"));
      options.spec_origin = e_spec;
    }
    OG_ASSIGN_OR_RAISE(EmbedJsonlSummary summary, EmbedJsonl(options));
    if (e_json) {
      std::cout << JsonText(summary.ToJson(), 2) << std::endl;
    } else {
      std::cout << "embedded " << summary.embedded_records << " of " << summary.records << " records ("
                << summary.mode << ", " << summary.dimension << " dimensions";
      if (!summary.model.empty()) std::cout << ", model " << summary.model;
      std::cout << ") into " << summary.output << std::endl;
    }
    return Status::OK();
  }));

  // version
  auto* version = app.add_subcommand("version", "print the version");
  version->callback([]() {
    std::cout << "omnigraph " << Version() << "\ninternal-schema " << StorageFormatVersion() << std::endl;
  });

  try {
    app.parse(argc, argv);
    if (g.io_stats && g.graph) std::cerr << g.graph->IoStatsJson() << std::endl;
  } catch (const CLI::ParseError& e) {
    // Help and version print and exit 0; a usage error is a BadRequest like any other error.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::cerr << "error[BadRequest]: " << UsageErrorMessage(app, e)
              << "\nRun with --help for more information." << std::endl;
    return 1;
  }
  return rc;
}

}  // namespace og::cli

// Last line of defence: no input may abort the process. The engine returns Status for every
// expected failure; an exception escaping it is a bug, reported as an Internal error.
int main(int argc, char** argv) {
  try {
    return og::cli::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "error[ResourceExhausted]: out of memory" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "error[Internal]: unexpected exception: " << e.what() << std::endl;
  }
  return 1;
}
