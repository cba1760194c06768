<?php
/**
 * Plugin Name: Byline companion
 * Description: Lets Byline, the GNOME news editor, sync drafts without ever overwriting someone else's edit: post updates become conditional (ETag / If-Match, 412 when stale) and related stories get a field of their own.
 * Version:     1.2
 * License:     GPL-3.0-or-later
 *
 * Install: copy this one file into wp-content/mu-plugins/ (create the
 * folder if needed).  Must-use plugins load without activation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/*
 * Byline looks for this namespace in the REST index (/wp-json/) to know the
 * plugin is there; the route itself only says what the plugin offers.
 */
add_action(
	'rest_api_init',
	function () {
		register_rest_route(
			'byline/v1',
			'/info',
			array(
				'methods'             => 'GET',
				'permission_callback' => '__return_true',
				'callback'            => function () {
					return array(
						'version'      => 2,
						'etag'         => true,
						'related_meta' => 'byline_related',
						'article_meta' => array_keys( byline_companion_article_meta() ),
						'delete_etag'  => true,
						'client_key'   => 'byline_client_key',
					);
				},
			)
		);
	}
);

/*
 * Related stories: an ordered list of post ids.  Without registration,
 * WordPress silently drops unknown meta sent over REST.
 */
add_action(
	'init',
	function () {
		register_post_meta(
			'post',
			'byline_related',
			array(
				'type'              => 'array',
				'single'            => true,
				'default'           => array(),
				'show_in_rest'      => array(
					'schema' => array(
						'type'  => 'array',
						'items' => array( 'type' => 'integer' ),
					),
				),
				'sanitize_callback' => function ( $value ) {
					return array_values( array_map( 'absint', (array) $value ) );
				},
				'auth_callback'     => function ( $allowed, $meta_key, $post_id ) {
					return current_user_can( 'edit_post', $post_id );
				},
			)
		);
	}
);

/*
 * Article fields WordPress has no place for, each a plain string.  Byline
 * reads them only when the site lists them in a post's "meta"; without this
 * plugin they stay in Byline.
 */
function byline_companion_article_meta() {
	return array(
		'byline_seo_title'       => 'Title for search results',
		'byline_social_headline' => 'Headline for social media cards',
		'byline_language'        => 'Language of the article (BCP 47, e.g. en-GB)',
		'byline_author'          => 'The byline as printed',
	);
}

add_action(
	'init',
	function () {
		foreach ( byline_companion_article_meta() as $key => $description ) {
			register_post_meta(
				'post',
				$key,
				array(
					'type'              => 'string',
					'description'       => $description,
					'single'            => true,
					'default'           => '',
					'show_in_rest'      => true,
					/* Plain text: kept as sent, only invalid UTF-8 is refused. */
					'sanitize_callback' => function ( $value ) {
						return wp_check_invalid_utf8( (string) $value );
					},
					'auth_callback'     => function ( $allowed, $meta_key, $post_id ) {
						return current_user_can( 'edit_post', $post_id );
					},
				)
			);
		}
	}
);

/*
 * The client key: the id Byline gave the article, sent when it creates the post.
 * A create whose answer never reached Byline (the connection dropped, the
 * laptop died) is retried; Byline first asks /byline/v1/client-key/KEY
 * for a post that already carries the key and updates that one instead
 * of creating the story a second time.
 */
add_action(
	'init',
	function () {
		register_post_meta(
			'post',
			'byline_client_key',
			array(
				'type'              => 'string',
				'description'       => 'The id Byline gave the article',
				'single'            => true,
				'default'           => '',
				'show_in_rest'      => true,
				'sanitize_callback' => function ( $value ) {
					return preg_replace( '/[^A-Za-z0-9-]/', '', substr( (string) $value, 0, 64 ) );
				},
				'auth_callback'     => function ( $allowed, $meta_key, $post_id ) {
					return current_user_can( 'edit_post', $post_id );
				},
			)
		);
	}
);

add_action(
	'rest_api_init',
	function () {
		register_rest_route(
			'byline/v1',
			'/client-key/(?P<key>[A-Za-z0-9-]{1,64})',
			array(
				'methods'             => 'GET',
				'permission_callback' => function () {
					return current_user_can( 'edit_posts' );
				},
				'callback'            => function ( $request ) {
					$ids = get_posts(
						array(
							'post_type'        => 'post',
							'post_status'      => array( 'draft', 'pending', 'future', 'publish', 'private' ),
							'meta_key'         => 'byline_client_key',
							'meta_value'       => $request['key'],
							'fields'           => 'ids',
							'orderby'          => 'ID',
							'order'            => 'ASC',
							'posts_per_page'   => 10,
							'suppress_filters' => true,
						)
					);
					$ids = array_values(
						array_filter(
							array_map( 'intval', $ids ),
							function ( $id ) {
								return current_user_can( 'edit_post', $id );
							}
						)
					);
					return array( 'ids' => $ids );
				},
			)
		);
	}
);

/*
 * The version of a post: everything Byline writes.  modified_gmt alone has
 * one-second resolution, so two saves within a second would look the same.
 */
function byline_companion_etag( $post ) {
	$post = get_post( $post );
	if ( ! $post ) {
		return null;
	}
	$state = array(
		$post->post_modified_gmt,
		$post->post_title,
		$post->post_content,
		$post->post_excerpt,
		$post->post_status,
		$post->post_date_gmt,
		wp_get_post_categories( $post->ID ),
		wp_get_post_tags( $post->ID, array( 'fields' => 'ids' ) ),
		(int) get_post_thumbnail_id( $post ),
		get_post_meta( $post->ID, 'byline_related', true ),
	);
	foreach ( array_keys( byline_companion_article_meta() ) as $key ) {
		$state[] = get_post_meta( $post->ID, $key, true );
	}
	return '"' . md5( wp_json_encode( $state ) ) . '"';
}

/* Every single-post answer carries its ETag. */
add_filter(
	'rest_prepare_post',
	function ( $response, $post, $request ) {
		$etag = byline_companion_etag( $post );
		if ( $etag ) {
			$response->header( 'ETag', $etag );
		}
		return $response;
	},
	10,
	3
);

/*
 * An update with If-Match is written only when the post is still at that
 * version; otherwise 412, and nothing changes.  Updates without If-Match
 * behave as WordPress always did.
 */
add_filter(
	'rest_pre_insert_post',
	function ( $prepared_post, $request ) {
		$if_match = $request->get_header( 'If-Match' );
		if ( null === $if_match || empty( $prepared_post->ID ) ) {
			return $prepared_post;
		}
		$current = byline_companion_etag( $prepared_post->ID );
		$wanted  = array_map( 'trim', explode( ',', $if_match ) );
		if ( in_array( '*', $wanted, true ) || in_array( $current, $wanted, true ) ) {
			return $prepared_post;
		}
		return new WP_Error(
			'byline_stale',
			'Someone changed this post since you last read it.',
			array( 'status' => 412 )
		);
	},
	10,
	2
);

/*
 * A delete (to the trash) with If-Match is carried out only when the post is
 * still at that version: core WordPress deletes unconditionally, and no
 * filter before the delete sees the request, so this checks every REST
 * request for a post's DELETE route before its callback runs.
 */
add_filter(
	'rest_request_before_callbacks',
	function ( $response, $handler, $request ) {
		if ( is_wp_error( $response ) || 'DELETE' !== $request->get_method() ) {
			return $response;
		}
		if ( ! preg_match( '#^/wp/v2/posts/(\d+)$#', $request->get_route(), $matches ) ) {
			return $response;
		}
		$if_match = $request->get_header( 'If-Match' );
		if ( null === $if_match ) {
			return $response;
		}
		$current = byline_companion_etag( (int) $matches[1] );
		$wanted  = array_map( 'trim', explode( ',', $if_match ) );
		if ( null === $current || in_array( '*', $wanted, true ) || in_array( $current, $wanted, true ) ) {
			return $response;
		}
		return new WP_Error(
			'byline_stale',
			'Someone changed this post since you last read it.',
			array( 'status' => 412 )
		);
	},
	10,
	3
);
