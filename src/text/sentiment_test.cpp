#include <gtest/gtest.h>

#include "tribu/text/analyzer.h"
#include "tribu/text/linear_model.h"

namespace tribu::text {
namespace {

std::string_view EmbeddedToxicityHeader() {
  return "tribu-linear-model 1\nclasses\tnot-toxic\ttoxic\nbias\t0\t0\n";
}

const Analyzer& Lexicon() {
  static const auto analyzer = Analyzer::Create({.sentiment = SentimentMethod::kLexicon});
  return **analyzer;
}

double Score(std::string_view text) {
  AnalysisScratch scratch;
  return Lexicon().Analyze(text, "", &scratch).lexicon.score;
}

SentimentLabel Label(std::string_view text) {
  AnalysisScratch scratch;
  return Lexicon().Analyze(text, "", &scratch).lexicon.label;
}

TEST(LexiconSentimentTest, PolarityInBothLanguages) {
  EXPECT_EQ(Label("I love this bike, it is great"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("This bike is terrible, I hate it"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("J'adore ce vélo, il est excellent"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("Ce vélo est horrible et décevant"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("The shop opens at nine on Monday"), SentimentLabel::kNeutral);
}

TEST(LexiconSentimentTest, NegationFlips) {
  EXPECT_LT(Score("this is not good at all"), 0);
  EXPECT_GT(Score("this is good"), 0);
  EXPECT_LT(Score("ce n'est pas bon du tout"), 0);
  EXPECT_LT(Score("je ne suis pas content"), 0);
  EXPECT_LT(Score("j'aime pas ce vélo"), 0);
  EXPECT_LT(Score("I never liked it"), 0);
}

TEST(LexiconSentimentTest, FrenchIdioms) {
  EXPECT_GT(Score("franchement pas mal ce vélo"), 0);
  EXPECT_LT(Score("le service client est pas terrible"), 0);
}

TEST(LexiconSentimentTest, IntensifiersAndDiminishers) {
  EXPECT_GT(Score("it is very good"), Score("it is good"));
  EXPECT_GT(Score("c'est très bien"), Score("c'est bien"));
  EXPECT_LT(Score("it is slightly good"), Score("it is good"));
  EXPECT_LT(Score("c'est un peu bien"), Score("c'est bien"));
}

TEST(LexiconSentimentTest, ContrastWeighsTheSecondHalf) {
  EXPECT_LT(Score("the bike is great but the service is awful"), 0);
  EXPECT_GT(Score("le service est nul mais le vélo est génial"), 0);
}

TEST(LexiconSentimentTest, CapitalsExclamationsAndElongation) {
  EXPECT_GT(Score("this is GREAT and fine"), Score("this is great and fine"));
  EXPECT_GT(Score("this is great!!!"), Score("this is great"));
  EXPECT_GT(Score("sooo goooood"), 0);
}

TEST(LexiconSentimentTest, EmojiAndEmoticons) {
  EXPECT_GT(Score("livraison reçue 😍"), 0);
  EXPECT_LT(Score("livraison reçue 😡"), 0);
  EXPECT_GT(Score("delivered :)"), 0);
  EXPECT_LT(Score("delivered :("), 0);
}

TEST(LexiconSentimentTest, IronyMarkersTurnPraiseNegative) {
  EXPECT_GT(Score("great service, thanks"), 0);
  EXPECT_LT(Score("great service, thanks 🙄"), 0);
  EXPECT_LT(Score("Génial le SAV, bravo #ironie"), 0);
}

TEST(ModelSentimentTest, BuiltInModelLoadsAndPredicts) {
  const auto analyzer = Analyzer::Create({});
  ASSERT_TRUE(analyzer.has_value()) << analyzer.error().message;
  AnalysisScratch scratch;
  const Analysis good = (*analyzer)->Analyze("I love it, best bike ever, thank you!", "", &scratch);
  EXPECT_EQ(good.sentiment.label, SentimentLabel::kPositive);
  const Analysis bad =
      (*analyzer)->Analyze("Horrible service, je suis furieux, plus jamais", "", &scratch);
  EXPECT_EQ(bad.sentiment.label, SentimentLabel::kNegative);
  EXPECT_GE(good.sentiment.score, -1);
  EXPECT_LE(good.sentiment.score, 1);
}

TEST(ModelSentimentTest, BrokenModelFilesAreRefusedWithTheLine) {
  auto bad = Analyzer::Create({.model_text = "hello"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("not a tribu model"), std::string::npos);
  const std::string header = "tribu-linear-model 1\nclasses\tnegative\tneutral\tpositive\n";
  bad = Analyzer::Create({.model_text = header + "bias\t0\t0\t0\n12\t1\tx\t0\n"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("line 4"), std::string::npos) << bad.error().message;
  bad = Analyzer::Create({.model_text = header + "99999999\t1\t1\t1\nbias\t0\t0\t0\n"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("bad feature index"), std::string::npos);
  // A toxicity model is not a sentiment model.
  bad = Analyzer::Create({.model_text = std::string(EmbeddedToxicityHeader())});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("classes are not negative, neutral, positive"),
            std::string::npos)
      << bad.error().message;
}

TEST(ModelSentimentTest, TrainingLearnsASeparableToyTaskAndRoundTrips) {
  std::vector<TrainingExample> examples;
  for (int i = 0; i < 30; ++i) {
    examples.push_back({{{FeatureIndex("w", "yay"), 1}}, 2});
    examples.push_back({{{FeatureIndex("w", "boo"), 1}}, 0});
    examples.push_back({{{FeatureIndex("w", "meh"), 1}}, 1});
  }
  const LinearModel model = TrainLinearModel(examples, SentimentClasses(), {});
  EXPECT_EQ(model.Predict({{FeatureIndex("w", "yay"), 1}}).Best(), 2);
  EXPECT_EQ(model.Predict({{FeatureIndex("w", "boo"), 1}}).Best(), 0);
  EXPECT_EQ(model.Predict({{FeatureIndex("w", "meh"), 1}}).Best(), 1);
  auto reparsed = LinearModel::Parse(model.Serialize("toy"), SentimentClasses());
  ASSERT_TRUE(reparsed.has_value()) << reparsed.error().message;
  EXPECT_EQ((*reparsed)->Predict({{FeatureIndex("w", "boo"), 1}}).Best(), 0);
  // Same data, same options: the same model.
  EXPECT_EQ(TrainLinearModel(examples, SentimentClasses(), {}).Serialize("toy"),
            model.Serialize("toy"));
}

TEST(ToxicityTest, OffensiveEnglishRaisesAToxicitySignalWithItsWords) {
  const auto analyzer = Analyzer::Create({});
  ASSERT_TRUE(analyzer.has_value()) << analyzer.error().message;
  AnalysisScratch scratch;
  const Analysis rude =
      (*analyzer)->Analyze("@user you are a fucking idiot, shut up", "en", &scratch);
  const auto it = std::find_if(rude.risks.begin(), rude.risks.end(),
                               [](const RiskSignal& r) { return r.name == "toxicity"; });
  ASSERT_NE(it, rude.risks.end());
  EXPECT_GE(it->score, kToxicityThreshold);
  EXPECT_FALSE(it->evidence.empty());
  const Analysis calm =
      (*analyzer)->Analyze("Lovely ride along the river this morning", "en", &scratch);
  EXPECT_TRUE(std::none_of(calm.risks.begin(), calm.risks.end(),
                           [](const RiskSignal& r) { return r.name == "toxicity"; }));
}

}  // namespace
}  // namespace tribu::text
