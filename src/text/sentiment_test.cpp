#include <gtest/gtest.h>

#include "tribu/text/analyzer.h"
#include "tribu/text/sentiment_model.h"

namespace tribu::text {
namespace {

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
  EXPECT_NE(bad.error().message.find("not a tribu sentiment model"), std::string::npos);
  bad = Analyzer::Create({.model_text = "tribu-sentiment-model 1\nbias\t0\t0\t0\n12\t1\tx\t0\n"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos);
  bad = Analyzer::Create(
      {.model_text = "tribu-sentiment-model 1\n99999999\t1\t1\t1\nbias\t0\t0\t0\n"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("bad feature index"), std::string::npos);
}

TEST(ModelSentimentTest, TrainingLearnsASeparableToyTaskAndRoundTrips) {
  std::vector<TrainingExample> examples;
  for (int i = 0; i < 30; ++i) {
    examples.push_back({{{FeatureIndex("w", "yay"), 1}}, SentimentLabel::kPositive});
    examples.push_back({{{FeatureIndex("w", "boo"), 1}}, SentimentLabel::kNegative});
    examples.push_back({{{FeatureIndex("w", "meh"), 1}}, SentimentLabel::kNeutral});
  }
  const SentimentModel model = TrainSentimentModel(examples, {});
  EXPECT_EQ(model.Predict({{FeatureIndex("w", "yay"), 1}}).label, SentimentLabel::kPositive);
  EXPECT_EQ(model.Predict({{FeatureIndex("w", "boo"), 1}}).label, SentimentLabel::kNegative);
  EXPECT_EQ(model.Predict({{FeatureIndex("w", "meh"), 1}}).label, SentimentLabel::kNeutral);
  auto reparsed = SentimentModel::Parse(model.Serialize("toy"));
  ASSERT_TRUE(reparsed.has_value()) << reparsed.error().message;
  EXPECT_EQ((*reparsed)->Predict({{FeatureIndex("w", "boo"), 1}}).label, SentimentLabel::kNegative);
  // Same data, same options: the same model.
  EXPECT_EQ(TrainSentimentModel(examples, {}).Serialize("toy"), model.Serialize("toy"));
}

}  // namespace
}  // namespace tribu::text
