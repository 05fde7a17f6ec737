package sandbox

import (
	"fmt"
	"net/http"
)

// index tells whoever opens the sandbox's root what it is and how to use it.
func (s *Sandbox) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	fmt.Fprint(w, `qcadmin Quickchat sandbox

An offline, persistent implementation of the public Quickchat AI REST API (https://app.quickchat.ai),
seeded with a demo agent (scenario `+DemoScenarioID+`). Point any Quickchat client at this origin.

Authentication: every /v1/api/ and /v1/api_core/ call needs "Authorization: Bearer <token>".
Get a token for the demo agent with:

    qcadmin token                      # write_all, 52 weeks
    qcadmin token --scope read_all     # read-only
    qcadmin token --scenario my-agent  # another (initially empty) agent

Endpoints (trailing slash optional):

    GET    /v1/api/knowledge_base/                 knowledge base settings
    PATCH  /v1/api/knowledge_base/                 update settings
    GET    /v1/api/knowledge_base/articles/        list articles (limit, offset, types, tags, url, title, query)
    POST   /v1/api/knowledge_base/articles/        create an article
    DELETE /v1/api/knowledge_base/articles/        delete articles (JSON array of ids)
    GET    /v1/api/knowledge_base/articles/search  search published articles (query, is_case_insensitive,
                                                   with_title_url_and_tags, strict_search,
                                                   num_of_display_articles, num_of_data_articles)
    GET    /v1/api/knowledge_base/articles/paragraphs  chunks of published articles (limit, offset, query)
    GET    /v1/api/knowledge_base/articles/{id}    one article
    PATCH  /v1/api/knowledge_base/articles/{id}    update an article (save_mode draft|publish)
    GET    /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  an article's URL in a language
    POST   /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  set it ({"url": "..."})
    PATCH  /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  change it
    DELETE /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  remove it
    GET    /v1/api/knowledge_base/tags/            all tags
    POST   /v1/api/knowledge_base/retrain          retrain the agent (inferred; progress in retrain_state)
    POST   /v1/api/knowledge_base/file_upload_api/pdf  upload a PDF (multipart field pdf_file) as a draft article
    POST   /v1/api/knowledge_base/file_upload_api/     upload a PDF, DOCX, text or Markdown file (field file)
    POST   /v1/api/knowledge_base/import_external/website      import a page, or a site (mode site_wide, 20 pages)
    POST   /v1/api/knowledge_base/import_external/site-map     import the pages of an XML sitemap (100 links)
    POST   /v1/api/knowledge_base/import_external/scrape-list  import a list of links (100 links)
    POST   /v1/api/knowledge_base/import_external/youtube      accepted (202), but the sandbox cannot reach
                                                   YouTube, so no transcript article ever appears
    POST   /v1/api/knowledge_base/sources/{source}/import         import a source's articles (drafts)
    POST   /v1/api/knowledge_base/sources/{source}/delete         delete every article of the source
    POST   /v1/api/knowledge_base/sources/{source}/articles_diff  compare the copies with the source
    POST   /v1/api/knowledge_base/intercom/import            the same for Intercom
    POST   /v1/api/knowledge_base/intercom/delete
    GET    /v1/api/knowledge_base/intercom/articles_diff
    POST   /v1/api/knowledge_base/intercom/refresh_articles  re-copy Intercom articles (article_ids,
                                                   fetch_new_articles)

Imports fetch only from hosts in QCADMIN_SANDBOX_FETCH_ALLOW (default: loopback only), at most 5 MiB
per page, and create drafts. The sandbox has no language model: summarize and individual_with_summary
put the page's first sentences under a "Summary" heading. Uploads are limited by
QCADMIN_SANDBOX_UPLOAD_LIMIT (default 20 MiB).

Sources are simulated: each name (intercom, shopify, or any [a-z0-9_-] name) has its own external
articles, created on first use. Change the external side to try a diff (sandbox only, same token):

    GET    /sandbox/sources/{source}/articles                 the external articles
    POST   /sandbox/sources/{source}/articles                 add one ({"title": "...", "content": "..."})
    PATCH  /sandbox/sources/{source}/articles/{external_id}   edit it ({"title"?, "content"?})
    DELETE /sandbox/sources/{source}/articles/{external_id}   remove it (the diff then says REMOVED)
    GET    /v1/api/conversation_ratings/configuration  conversation rating settings
    PATCH  /v1/api/conversation_ratings/configuration  change them (popup active must equal rating active)

    GET    /v1/api_core/conversations/             list conversations (limit, offset, query, assignee_type,
                                                   source, resolution_status, most_frequent_language,
                                                   created_timestamp_start_date/_end_date,
                                                   last_message_at_start_date/_end_date)
    GET    /v1/api_core/conversations/{id}/        one conversation, with unified_analysis
    GET    /v1/api_core/conversations/{id}/events  its messages, link clicks and log entries (inferred)
    GET    /v1/api_core/conversations/{id}/metadata  the team's metadata about it
    POST   /v1/api_core/conversations/{id}/metadata  replace it ({"metadata": {...}}), checked against
                                                   the agent's JSON Schema

Errors use the Quickchat envelope: {"errors":{"root":[{"message":"...","code":"..."}]}}
`)
}
