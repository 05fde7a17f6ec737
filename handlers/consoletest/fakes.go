package consoletest

import (
	"context"
	"errors"

	"qcadmin/apiclient"
	"qcadmin/handlers"
)

// ErrFake is the failure fakes return; its text must never reach a page.
var ErrFake = errors.New("fake failure")

// FakeKB is a Quickchat API made of function fields; calls it does not fake
// reach the nil embedded API and fail loudly.
type FakeKB struct {
	handlers.API
	GetKB  func() (*apiclient.KnowledgeBaseSettings, error)
	List   func(apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error)
	Get    func(int64) (*apiclient.Article, error)
	Create func(apiclient.ArticleCreate) (*apiclient.Article, error)
	Update func(int64, apiclient.ArticleUpdate) (*apiclient.Article, error)
	Del    func([]int64) error
	Tags   func() ([]string, error)
	Search func(apiclient.SearchParams) (*apiclient.SearchResult, error)
}

func (f FakeKB) SearchArticles(_ context.Context, p apiclient.SearchParams) (*apiclient.SearchResult, error) {
	return f.Search(p)
}

func (f FakeKB) GetKnowledgeBase(context.Context) (*apiclient.KnowledgeBaseSettings, error) {
	if f.GetKB == nil {
		return &apiclient.KnowledgeBaseSettings{OneWordDescription: "Fake"}, nil
	}
	return f.GetKB()
}
func (f FakeKB) ListArticles(_ context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	return f.List(p)
}
func (f FakeKB) GetArticle(_ context.Context, id int64) (*apiclient.Article, error) { return f.Get(id) }
func (f FakeKB) CreateArticle(_ context.Context, a apiclient.ArticleCreate) (*apiclient.Article, error) {
	return f.Create(a)
}
func (f FakeKB) UpdateArticle(_ context.Context, id int64, u apiclient.ArticleUpdate) (*apiclient.Article, error) {
	return f.Update(id, u)
}
func (f FakeKB) DeleteArticles(_ context.Context, ids []int64) error { return f.Del(ids) }
func (f FakeKB) ListTags(context.Context) ([]string, error) {
	if f.Tags == nil {
		return nil, ErrFake
	}
	return f.Tags()
}

// FakeConversations fakes the conversation calls with function fields; sign-in goes through FakeKB.
type FakeConversations struct {
	FakeKB
	List          func(apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error)
	Get           func(string) (*apiclient.ConversationDetails, error)
	Events        func(string, int, int) (*apiclient.Page[apiclient.Event], error)
	GetMetadata   func(string) (map[string]any, error)
	SetMetadata   func(string, map[string]any) (map[string]any, error)
	GetRatings    func() (*apiclient.RatingConfiguration, error)
	UpdateRatings func(apiclient.RatingConfigurationUpdate) (*apiclient.RatingConfiguration, error)
}

func (f FakeConversations) ListConversations(_ context.Context, p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
	return f.List(p)
}

func (f FakeConversations) AllConversations(_ context.Context, p apiclient.ListConversationsParams, size int, each func(*apiclient.Page[apiclient.Conversation]) error) error {
	p.Limit = size
	for {
		page, err := f.List(p)
		if err != nil || len(page.Items) == 0 {
			return err
		}
		if err := each(page); err != nil {
			return err
		}
		if p.Offset += len(page.Items); p.Offset >= page.Count {
			return nil
		}
	}
}

func (f FakeConversations) GetConversation(_ context.Context, id string) (*apiclient.ConversationDetails, error) {
	return f.Get(id)
}

func (f FakeConversations) ListConversationEvents(_ context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error) {
	return f.Events(id, limit, offset)
}

func (f FakeConversations) GetConversationMetadata(_ context.Context, id string) (map[string]any, error) {
	return f.GetMetadata(id)
}

func (f FakeConversations) SetConversationMetadata(_ context.Context, id string, m map[string]any) (map[string]any, error) {
	return f.SetMetadata(id, m)
}

func (f FakeConversations) GetRatingConfiguration(context.Context) (*apiclient.RatingConfiguration, error) {
	return f.GetRatings()
}

func (f FakeConversations) UpdateRatingConfiguration(_ context.Context, u apiclient.RatingConfigurationUpdate) (*apiclient.RatingConfiguration, error) {
	return f.UpdateRatings(u)
}
