#include "tribu/bus/bus.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

namespace tribu::bus {
namespace {

using namespace std::chrono_literals;

TEST(InProcessBusTest, EveryGroupGetsEveryMessageInOrder) {
  auto bus = MakeInProcessBus();
  auto store = bus->Subscribe("ingest", "store");
  auto alerts = bus->Subscribe("ingest", "alerts");
  ASSERT_TRUE(store && alerts);
  ASSERT_TRUE(bus->Publish("ingest", "one", 0ms));
  ASSERT_TRUE(bus->Publish("ingest", "two", 0ms));
  ASSERT_TRUE(bus->Publish("other", "ignored", 0ms));  // nobody listens: dropped
  for (auto* sub : {store->get(), alerts->get()}) {
    auto a = sub->Next(0ms);
    auto b = sub->Next(0ms);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->data, "one");
    EXPECT_EQ(a->sequence, 1u);
    EXPECT_EQ(b->data, "two");
    EXPECT_EQ(b->sequence, 2u);
    EXPECT_TRUE(sub->Ack(*b));
    EXPECT_FALSE(sub->Next(1ms));
  }
  EXPECT_EQ(bus->Stats("ingest", "store")->delivered, 2);
  EXPECT_FALSE(bus->Stats("ingest", "nobody"));
}

TEST(InProcessBusTest, AFullQueueHoldsPublishersBackThenRefuses) {
  auto bus = MakeInProcessBus({.queue_capacity = 2});
  auto sub = bus->Subscribe("s", "g");
  ASSERT_TRUE(bus->Publish("s", "1", 0ms));
  ASSERT_TRUE(bus->Publish("s", "2", 0ms));
  auto refused = bus->Publish("s", "3", 20ms);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(bus->Stats("s", "g")->dropped, 1);
  // Without a wait, refused at once (the store stage publishes events so).
  auto at_once = bus->Publish("s", "3", 0ms);
  ASSERT_FALSE(at_once);
  EXPECT_EQ(at_once.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(bus->Stats("s", "g")->dropped, 2);
  // A publisher waiting for room goes through as soon as a consumer takes one.
  std::thread consumer([&] {
    std::this_thread::sleep_for(20ms);
    (void)(*sub)->Next(0ms);
  });
  EXPECT_TRUE(bus->Publish("s", "3", 5000ms));
  consumer.join();
  EXPECT_EQ((*sub)->Next(0ms)->data, "2");
  EXPECT_EQ((*sub)->Next(0ms)->data, "3");
}

TEST(InProcessBusTest, CloseWakesWaitersAndLetsConsumersDrain) {
  auto bus = MakeInProcessBus();
  auto sub = bus->Subscribe("s", "g");
  ASSERT_TRUE(bus->Publish("s", "last", 0ms));
  std::thread closer([&] {
    std::this_thread::sleep_for(20ms);
    bus->Close();
  });
  EXPECT_EQ((*sub)->Next(10s)->data, "last");
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE((*sub)->Next(10s));  // woken by Close, not by the timeout
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  closer.join();
  EXPECT_EQ(bus->Publish("s", "late", 0ms).error().code, ErrorCode::kUnavailable);
}

TEST(InProcessBusTest, ConsumersOfAGroupShareTheMessagesExactlyOnce) {
  auto bus = MakeInProcessBus({.queue_capacity = 64});
  auto sub = bus->Subscribe("s", "workers");
  ASSERT_TRUE(sub);
  constexpr int kProducers = 4;
  constexpr int kEach = 5000;
  std::mutex mu;
  std::multiset<std::string> seen;
  std::atomic<int> taken = 0;
  std::vector<std::thread> threads;
  for (int c = 0; c < 3; ++c) {
    threads.emplace_back([&] {
      while (taken.load() < kProducers * kEach) {
        auto m = (*sub)->Next(10ms);
        if (!m) continue;
        ++taken;
        std::lock_guard lock(mu);
        seen.insert(m->data);
      }
    });
  }
  for (int p = 0; p < kProducers; ++p) {
    threads.emplace_back([&, p] {
      for (int i = 0; i < kEach; ++i) {
        ASSERT_TRUE(bus->Publish("s", std::to_string(p) + ":" + std::to_string(i), 10s));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kProducers * kEach));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
}

TEST(InProcessBusTest, UnsubscribedGroupsStopHoldingPublishersBack) {
  auto bus = MakeInProcessBus({.queue_capacity = 1});
  EXPECT_FALSE(bus->HasSubscribers("s"));
  auto sub = bus->Subscribe("s", "slow");
  EXPECT_TRUE(bus->HasSubscribers("s"));
  EXPECT_FALSE(bus->HasSubscribers("other"));
  ASSERT_TRUE(bus->Publish("s", "1", 0ms));
  ASSERT_FALSE(bus->Publish("s", "2", 0ms));
  bus->Unsubscribe("s", "slow");
  EXPECT_TRUE(bus->Publish("s", "2", 0ms));
  EXPECT_FALSE(bus->HasSubscribers("s"));  // nobody left to build events for
  EXPECT_FALSE(bus->Subscribe("", "g"));
}

}  // namespace
}  // namespace tribu::bus
