#include <gtest/gtest.h>

#include "tribu/text/analyzer.h"

namespace tribu::text {
namespace {

Analysis Analyze(std::string_view text) {
  static const auto analyzer = Analyzer::Create({.sentiment = SentimentMethod::kLexicon});
  AnalysisScratch scratch;
  return (*analyzer)->Analyze(text, "", &scratch);
}

const RiskSignal* Find(const Analysis& a, std::string_view name) {
  for (const RiskSignal& s : a.risks) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(RiskTest, LegalThreatsInBothLanguagesWithEvidence) {
  const Analysis fr = Analyze("Je vais porter plainte et contacter mon avocat.");
  const RiskSignal* threat = Find(fr, "threat");
  ASSERT_NE(threat, nullptr);
  EXPECT_GT(threat->score, 0.9);
  EXPECT_NE(std::find(threat->evidence.begin(), threat->evidence.end(), "porter plainte"),
            threat->evidence.end());
  EXPECT_NE(std::find(threat->evidence.begin(), threat->evidence.end(), "avocat"),
            threat->evidence.end());
  const Analysis en = Analyze("My lawyer will SUE you");
  ASSERT_NE(Find(en, "threat"), nullptr);
}

TEST(RiskTest, CrisisAndChurnIncludingHashtags) {
  const Analysis a = Analyze("#BoycottVelora après le rappel produit, scandale !");
  const RiskSignal* crisis = Find(a, "crisis");
  ASSERT_NE(crisis, nullptr);
  EXPECT_EQ(crisis->evidence.front(), "Boycott");
  EXPECT_NE(Find(Analyze("I'm going to cancel my subscription"), "churn"), nullptr);
  EXPECT_NE(Find(Analyze("Je résilie demain, je passe chez Decathlon"), "churn"), nullptr);
}

TEST(RiskTest, InsultsAndProfanity) {
  const Analysis a = Analyze("Bande d'escrocs et d'incompétents, bordel");
  EXPECT_NE(Find(a, "insult"), nullptr);
  EXPECT_NE(Find(a, "profanity"), nullptr);
  EXPECT_GT(a.risk, Find(a, "insult")->score - 1e-9);
}

TEST(RiskTest, CalmPostsCarryNoRisk) {
  const Analysis a = Analyze("Belle balade à vélo ce matin au bord du canal, merci Velora");
  EXPECT_TRUE(a.risks.empty());
  EXPECT_EQ(a.risk, 0);
}

}  // namespace
}  // namespace tribu::text
