package sandbox

import (
	"context"
	"database/sql"
	"errors"
)

// Language URL outcomes the API answers with 404 and 409.
var (
	errNoLangURL     = errors.New("no language URL")
	errLangURLExists = errors.New("language URL exists")
)

// langURL returns the article's URL for language; errNotFound when the article is missing, errNoLangURL when none is set.
func (st *store) langURL(ctx context.Context, scenarioID string, articleID int64, language string) (string, error) {
	var url string
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, scenarioID, articleID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, "SELECT url FROM article_lang_urls WHERE article_id = ? AND language = ?", articleID, language).Scan(&url)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoLangURL
		}
		return err
	})
	return url, err
}

// createLangURL sets the article's URL for language; errLangURLExists when one is already set.
func (st *store) createLangURL(ctx context.Context, scenarioID string, articleID int64, language, url string) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, scenarioID, articleID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO article_lang_urls (article_id, language, url) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			articleID, language, url)
		return oneRow(res, err, errLangURLExists)
	})
}

// updateLangURL changes the article's URL for language; errNoLangURL when none is set.
func (st *store) updateLangURL(ctx context.Context, scenarioID string, articleID int64, language, url string) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, scenarioID, articleID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE article_lang_urls SET url = ? WHERE article_id = ? AND language = ?", url, articleID, language)
		return oneRow(res, err, errNoLangURL)
	})
}

// deleteLangURL removes the article's URL for language; errNoLangURL when none is set.
func (st *store) deleteLangURL(ctx context.Context, scenarioID string, articleID int64, language string) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, scenarioID, articleID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM article_lang_urls WHERE article_id = ? AND language = ?", articleID, language)
		return oneRow(res, err, errNoLangURL)
	})
}

// insertLangURLs stores seeded language URLs of a new article.
func insertLangURLs(ctx context.Context, q querier, articleID int64, urls map[string]string) error {
	for language, url := range urls {
		if _, err := q.ExecContext(ctx, "INSERT INTO article_lang_urls (article_id, language, url) VALUES (?, ?, ?)", articleID, language, url); err != nil {
			return err
		}
	}
	return nil
}

// articleExists returns errNotFound unless the scenario has the article.
func articleExists(ctx context.Context, q querier, scenarioID string, id int64) error {
	var found bool
	if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM articles WHERE scenario_id = ? AND id = ?)", scenarioID, id).Scan(&found); err != nil {
		return err
	}
	if !found {
		return errNotFound
	}
	return nil
}

// oneRow turns a statement that changed no row into none.
func oneRow(res sql.Result, err, none error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return none
	}
	return nil
}
