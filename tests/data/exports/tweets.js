window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1859950000000000001" ], "editableUntil" : "2026-11-22T11:00:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ { "text" : "Urban3", "indices" : [ "40", "47" ] } ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "98" ],
      "favorite_count" : "128",
      "id_str" : "1859950000000000001",
      "truncated" : false,
      "retweet_count" : "17",
      "id" : "1859950000000000001",
      "created_at" : "Sun Nov 22 10:00:00 +0000 2026",
      "favorited" : false,
      "full_text" : "La nouvelle Velora arrive : découvrez la #Urban3 &amp; ses 120 km d'autonomie &gt; toutes les autres",
      "lang" : "fr"
    }
  },
  {
    "tweet" : {
      "id_str" : "1859950000000000002",
      "in_reply_to_status_id_str" : "1859940000000000000",
      "created_at" : "Sun Nov 22 11:30:00 +0000 2026",
      "favorite_count" : "2",
      "retweet_count" : "0",
      "full_text" : "@cycliste42 We're sorry: our team will call you today.",
      "lang" : "en"
    }
  },
  { "tweet" : { "id_str" : "3", "created_at" : "yesterday", "full_text" : "bad date" } }
]
