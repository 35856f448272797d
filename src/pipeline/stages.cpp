#include "tribu/pipeline/stages.h"

#include "tribu/pipeline/annotator.h"

namespace tribu::pipeline {

Result<std::shared_ptr<const listen::TopicSet>> AnnotateStage::TopicsFor(WorkspaceId workspace) {
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    auto it = compiled_.find(workspace);
    if (it != compiled_.end() && now - it->second.checked_at < refresh_) return it->second.topics;
  }
  auto topics = store_.ListTopics(workspace);
  if (!topics) return Fail(topics.error().WithContext("reading topics"));
  std::string signature;
  std::vector<listen::TopicQuery> queries;
  for (const Topic& t : *topics) {
    signature += std::to_string(t.id.value) + ':' + std::to_string(ToUnixMillis(t.updated_at)) +
                 ':' + t.query + '\x1f';
    queries.push_back({t.id, t.workspace_id, t.query});
  }
  std::lock_guard lock(mu_);
  Compiled& c = compiled_[workspace];
  c.checked_at = now;
  if (c.topics && c.signature == signature) return c.topics;
  // Topics whose query does not parse are skipped: the API refuses them on
  // write, so only a database edited by hand holds one.
  listen::CompileReport report;
  auto set = listen::TopicSet::Compile(queries, analyzer_->tokenizer(), &report);
  if (!set) return Fail(set.error().WithContext("compiling topics"));
  c.topics = std::move(*set);
  c.signature = std::move(signature);
  return c.topics;
}

Status AnnotateStage::Handle(PostBatch& batch) {
  if (batch.posts.empty()) return {};
  auto topics = TopicsFor(batch.workspace);
  if (!topics) return Fail(topics.error());
  PostAnnotator annotator(analyzer_, std::move(*topics));
  annotator.Annotate(batch.posts);
  return {};
}

std::vector<PostStored> EventsOf(const PostBatch& batch, const UpsertStats& stats) {
  std::vector<PostStored> events;
  events.reserve(batch.posts.size());
  for (std::size_t i = 0; i < batch.posts.size() && i < stats.ids.size(); ++i) {
    PostStored e{.is_new = stats.inserted_at[i], .post = batch.posts[i]};
    e.post.id = stats.ids[i];
    events.push_back(std::move(e));
  }
  return events;
}

namespace {

BatchToStore ToStore(const PostBatch& batch) {
  return {.posts = batch.posts,
          .channel = batch.channel,
          .cursor = batch.cursor,
          .next_attempt_at = batch.next_attempt_at.value_or(Timestamp{})};
}

}  // namespace

Result<std::vector<PostStored>> StoreStage::Handle(const PostBatch& batch) {
  const BatchToStore one = ToStore(batch);
  auto stats = store_.StoreBatches({&one, 1});
  if (!stats) return Fail(stats.error());
  return EventsOf(batch, stats->front());
}

std::vector<Result<UpsertStats>> StoreStage::HandleGroup(std::span<const PostBatch> batches) {
  std::vector<BatchToStore> group;
  group.reserve(batches.size());
  for (const PostBatch& b : batches) group.push_back(ToStore(b));
  std::vector<Result<UpsertStats>> out;
  out.reserve(batches.size());
  auto stats = store_.StoreBatches(group);
  if (stats) {
    for (UpsertStats& s : *stats) out.emplace_back(std::move(s));
    return out;
  }
  if (batches.size() == 1 || stats.error().code == ErrorCode::kUnavailable) {
    // One batch, or a busy database: every batch is to be tried again as is.
    for (std::size_t i = 0; i < batches.size(); ++i) out.emplace_back(Fail(stats.error()));
    return out;
  }
  // One batch is bad (its channel was deleted, say): the others must not fail with it.
  for (const BatchToStore& b : group) {
    auto one = store_.StoreBatches({&b, 1});
    out.push_back(one ? Result<UpsertStats>(std::move(one->front())) : Fail(one.error()));
  }
  return out;
}

}  // namespace tribu::pipeline
