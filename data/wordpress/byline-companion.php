<?php
/**
 * Plugin Name: Byline companion
 * Description: Lets Byline, the GNOME news editor, sync drafts without ever overwriting someone else's edit: post updates become conditional (ETag / If-Match, 412 when stale) and related stories get a field of their own.
 * Version:     1.0
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
						'version'      => 1,
						'etag'         => true,
						'related_meta' => 'byline_related',
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
		wp_get_post_categories( $post->ID ),
		wp_get_post_tags( $post->ID, array( 'fields' => 'ids' ) ),
		(int) get_post_thumbnail_id( $post ),
		get_post_meta( $post->ID, 'byline_related', true ),
	);
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
