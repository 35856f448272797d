// tribu analyze, tribu eval and tribu train: the text analysis on files.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/eval_metrics.h"
#include "tribu/text/analyzer.h"
#include "tribu/text/linear_model.h"

namespace tribu::app {
namespace {

constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Calls fn(line_number, object) for each JSON object line of the file ("-" is
// standard input); bad lines are reported as file:line: reason and counted.
template <typename Fn>
Result<int> ForEachJsonLine(const std::string& path, Fn&& fn) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return Fail(ErrorCode::kNotFound, "cannot open " + path);
    in = &file;
  }
  std::string line;
  int line_no = 0;
  int bad = 0;
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto reject = [&](std::string_view why) {
      ++bad;
      std::cerr << path << ":" << line_no << ": " << why << "\n";
    };
    if (line.size() > kMaxLineBytes) {
      reject("line longer than 1 MiB, skipped");
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      reject("not a JSON object");
      continue;
    }
    const auto text = j.find("text");
    if (text == j.end() || !text->is_string()) {
      reject("no \"text\" string");
      continue;
    }
    fn(line_no, j);
  }
  return bad;
}

nlohmann::json SentimentJson(const text::Sentiment& s) {
  return {{"score", std::round(s.score * 1000) / 1000},
          {"label", std::string(text::SentimentLabelName(s.label))}};
}

nlohmann::json AnalysisJson(const text::Analysis& a) {
  nlohmann::json risks = nlohmann::json::array();
  for (const text::RiskSignal& r : a.risks) {
    risks.push_back({{"signal", r.name},
                     {"score", std::round(r.score * 1000) / 1000},
                     {"evidence", r.evidence}});
  }
  return {{"lang", a.language.code},
          {"lang_reliable", a.language.reliable},
          {"sentiment", SentimentJson(a.sentiment)},
          {"lexicon_sentiment", SentimentJson(a.lexicon)},
          {"risk", std::round(a.risk * 1000) / 1000},
          {"risks", risks}};
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

int RunAnalyze(AppContext& /*ctx*/, const AnalyzeArgs& args) {
  auto analyzer = MakeAnalyzer(args.options);
  if (!analyzer) return ReportError(analyzer.error());
  text::AnalysisScratch scratch;
  if (!args.text.empty()) {
    const text::Analysis a = (*analyzer)->Analyze(args.text, "", &scratch);
    nlohmann::json out = {{"text", args.text}, {"analysis", AnalysisJson(a)}};
    if (args.tokens) {
      nlohmann::json tokens = nlohmann::json::array();
      for (const text::Token& t : scratch.tokens().tokens) {
        tokens.push_back({{"kind", std::string(text::TokenKindName(t.kind))},
                          {"text", std::string(scratch.tokens().Raw(t))},
                          {"norm", std::string(scratch.tokens().Norm(t))},
                          {"position", t.position}});
      }
      out["tokens"] = tokens;
    }
    std::cout << (args.pretty ? out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                              : Dump(out))
              << "\n";
    return kExitOk;
  }
  auto bad = ForEachJsonLine(args.file, [&](int, nlohmann::json& j) {
    const auto lang = j.find("lang");
    const std::string hint = lang != j.end() && lang->is_string() ? lang->get<std::string>() : "";
    j["analysis"] =
        AnalysisJson((*analyzer)->Analyze(j["text"].get<std::string>(), hint, &scratch));
    std::cout << Dump(j) << "\n";
  });
  if (!bad) return ReportError(bad.error());
  return *bad > 0 ? kExitPartial : kExitOk;
}

Result<std::unique_ptr<text::Analyzer>> MakeAnalyzer(const AnalyzeOptions& options) {
  auto method = text::ParseSentimentMethod(options.method);
  if (!method) return std::unexpected(method.error());
  text::AnalyzerOptions o;
  o.sentiment = *method;
  o.toxicity = options.toxicity;
  if (!options.toxicity_model.empty()) {
    auto model = ReadWholeFile(options.toxicity_model);
    if (!model) return std::unexpected(model.error());
    o.toxicity_model_text = std::move(*model);
  }
  if (!options.model.empty()) {
    auto model = ReadWholeFile(options.model);
    if (!model) return std::unexpected(model.error());
    o.model_text = std::move(*model);
  }
  auto analyzer = text::Analyzer::Create(std::move(o));
  if (!analyzer && !options.model.empty()) {
    return Fail(analyzer.error().code, options.model + ": " + analyzer.error().message);
  }
  return analyzer;
}

int RunEval(AppContext& ctx, const EvalArgs& args) {
  if (args.task == "alerts") return RunEvalAlerts(ctx, args);
  if (args.task != "sentiment" && args.task != "language" && args.task != "risk") {
    std::cerr << "tribu: eval: unknown task '" << args.task
              << "' (sentiment, language, risk or alerts)\n";
    return kExitUsage;
  }
  if (args.data.empty()) {
    std::cerr << "tribu: eval " << args.task << ": --data FILE is required\n";
    return kExitUsage;
  }
  auto analyzer = MakeAnalyzer(args.options);
  if (!analyzer) return ReportError(analyzer.error());
  text::AnalysisScratch scratch;
  ConfusionMatrix matrix;
  std::string positive = args.positive;
  std::string error;
  auto bad = ForEachJsonLine(args.data, [&](int line_no, const nlohmann::json& j) {
    if (!error.empty()) return;
    const std::string text = j["text"].get<std::string>();
    const auto label_it = j.find("label");
    const auto lang_it = j.find("lang");
    const bool has_label = label_it != j.end() && (label_it->is_string() || label_it->is_number());
    const std::string label = !has_label              ? ""
                              : label_it->is_string() ? label_it->get<std::string>()
                                                      : label_it->dump();
    const std::string lang =
        lang_it != j.end() && lang_it->is_string() ? lang_it->get<std::string>() : "";
    if (args.task == "language") {
      const std::string gold = !lang.empty() ? lang : label;
      if (gold.empty()) {
        error = fmt::format("{}:{}: no \"lang\" or \"label\" to compare with", args.data, line_no);
        return;
      }
      matrix.Add(gold, (*analyzer)->Analyze(text, "", &scratch).language.code);
      return;
    }
    if (label.empty()) {
      error = fmt::format("{}:{}: no \"label\"", args.data, line_no);
      return;
    }
    const text::Analysis a = (*analyzer)->Analyze(text, lang, &scratch);
    if (args.task == "sentiment") {
      auto gold = text::ParseSentimentLabel(label);
      if (!gold) {
        error = fmt::format("{}:{}: {}", args.data, line_no, gold.error().message);
        return;
      }
      matrix.Add(std::string(text::SentimentLabelName(*gold)),
                 std::string(text::SentimentLabelName(a.sentiment.label)));
      return;
    }
    // risk: a binary task, the positive class named by --positive.
    if (positive.empty()) {
      error = "eval risk: name the positive class with --positive (for example offensive or hate)";
      return;
    }
    const std::string negative = "not-" + positive;
    matrix.Add(label == positive ? positive : negative,
               a.risk >= args.threshold ? positive : negative);
  });
  if (!bad) return ReportError(bad.error());
  if (!error.empty()) {
    std::cerr << "tribu: " << error << "\n";
    return kExitUsage;
  }
  if (matrix.total() == 0) {
    std::cerr << "tribu: eval: no labelled rows in " << args.data << "\n";
    return kExitFailure;
  }
  std::cout << matrix.Format() << "\n";
  std::string last = fmt::format("n={} accuracy={:.3f} macro_f1={:.3f}", matrix.total(),
                                 matrix.Accuracy(), matrix.MacroF1());
  if (args.task == "risk") {
    last += fmt::format(" precision={:.3f} recall={:.3f} f1={:.3f}", matrix.Precision(positive),
                        matrix.Recall(positive), matrix.F1(positive));
  }
  std::cout << last << "\n";
  return *bad > 0 ? kExitPartial : kExitOk;
}

int RunTrain(AppContext& /*ctx*/, const TrainArgs& args) {
  const bool sentiment = args.task == "sentiment";
  if (!sentiment && args.task != "toxicity") {
    std::cerr << "tribu: train: the tasks are 'sentiment' and 'toxicity'\n";
    return kExitUsage;
  }
  if (!sentiment && args.positive.empty()) {
    std::cerr << "tribu: train toxicity: name the toxic label with --positive (e.g. offensive)\n";
    return kExitUsage;
  }
  // Features come from the lexicons alone, so that training does not depend on
  // the models being replaced.
  auto analyzer = MakeAnalyzer({.method = "lexicon", .toxicity = false});
  if (!analyzer) return ReportError(analyzer.error());
  text::AnalysisScratch scratch;
  std::vector<text::TrainingExample> examples;
  std::string error;
  int skipped = 0;
  for (const std::string& path : args.data) {
    auto bad = ForEachJsonLine(path, [&](int line_no, const nlohmann::json& j) {
      const auto label_it = j.find("label");
      if (label_it == j.end() || !label_it->is_string()) {
        if (error.empty()) error = fmt::format("{}:{}: no \"label\" string", path, line_no);
        return;
      }
      int label = label_it->get<std::string>() == args.positive ? 1 : 0;
      if (sentiment) {
        auto parsed = text::ParseSentimentLabel(label_it->get<std::string>());
        if (!parsed) {
          if (error.empty())
            error = fmt::format("{}:{}: {}", path, line_no, parsed.error().message);
          return;
        }
        label = static_cast<int>(*parsed);
      }
      const auto lang_it = j.find("lang");
      const std::string lang =
          lang_it != j.end() && lang_it->is_string() ? lang_it->get<std::string>() : "";
      // Features reads the tokens, which point into the text: keep it alive.
      const std::string text = j["text"].get<std::string>();
      const text::Analysis a = (*analyzer)->Analyze(text, lang, &scratch);
      text::TrainingExample ex;
      ex.label = label;
      (*analyzer)->Features(a, &scratch, &ex.features);

      examples.push_back(std::move(ex));
    });
    if (!bad) return ReportError(bad.error());
    skipped += *bad;
  }
  if (!error.empty()) {
    std::cerr << "tribu: " << error << "\n";
    return kExitUsage;
  }
  if (examples.size() < 10) {
    std::cerr << "tribu: train: need at least 10 labelled rows, got " << examples.size() << "\n";
    return kExitUsage;
  }
  text::TrainingOptions options;
  options.epochs = args.epochs;
  options.l2 = args.l2;
  options.learning_rate = args.learning_rate;
  options.seed = args.seed;
  const text::LinearModel model = text::TrainLinearModel(
      examples, sentiment ? text::SentimentClasses() : text::ToxicityClasses(), options);

  std::string files;
  for (const auto& d : args.data) files += (files.empty() ? "" : ", ") + d.substr(d.rfind('/') + 1);
  const std::string description = fmt::format(
      "trained by tribu train on {} rows of {}; epochs={} l2={} learning_rate={} seed={}",
      examples.size(), files, options.epochs, options.l2, options.learning_rate, options.seed);
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  out << model.Serialize(description);
  if (!out.flush()) {
    std::cerr << "tribu: cannot write " << args.out << "\n";
    return kExitFailure;
  }
  std::cerr << "tribu: wrote " << args.out << " (" << examples.size() << " rows)\n";
  return skipped > 0 ? kExitPartial : kExitOk;
}

}  // namespace tribu::app
